import type { ArgSpec, DataSize, ExerciseManifest } from '../../types.js'
import type { LogOptions, LogReport } from '../../../solutions/access-logs/types.js'
import type { AgreementCheck, CheckContext, ExerciseDefinition, ValueCheck } from '../definition.js'
import { accessLogsDataProblem, accessLogsRound, samplesPerRound } from './bench-round.js'
import {
  filesArg,
  logFiles,
  longLineFile,
  randomLinesFiles,
  rotatedFiles,
  type InputFile,
} from './check-inputs.js'
import { differences, reportFields } from './compare.js'
import { expectedReport } from './expected.js'
import { judgeReport } from './judge.js'
import manifestJson from './manifest.json' with { type: 'json' }
import { linesPerSample } from './samples.js'

const manifest = manifestJson as ExerciseManifest

interface LogCase {
  files(ctx: CheckContext): InputFile[]
  options?: LogOptions
}

const fixture = (...names: string[]): InputFile[] => names.map((name) => ({ kind: 'fixture', name }))

function args(id: string, spec: LogCase, ctx: CheckContext): ArgSpec[] {
  const files = filesArg(id, spec.files(ctx), ctx.dataDir)
  return spec.options ? [files, { kind: 'value', value: spec.options }] : [files]
}

function logCheck(id: string, spec: LogCase): ValueCheck {
  return {
    kind: 'value',
    args: (ctx) => args(id, spec, ctx),
    expected: (ctx) => expectedReport(logFiles(spec.files(ctx), ctx.dataDir), spec.options?.top),
    judge: (received, expected, ctx) =>
      judgeReport(received, expected as LogReport, {
        files: logFiles(spec.files(ctx), ctx.dataDir),
        top: spec.options?.top ?? 5,
        entry: ctx.entry,
      }),
  }
}

const agreeCase: LogCase = {
  files: () => [...rotatedFiles, ...fixture('zanbil-22.log.gz', 'ties.log')],
  options: { top: 10, workers: 3, concurrency: 4 },
}

const agree: AgreementCheck = {
  kind: 'agreement',
  args: (ctx) => args('agree', agreeCase, { ...ctx, entry: 'all' }),
  judge: (received, ctx) => {
    const expected = expectedReport(logFiles(agreeCase.files({ ...ctx, entry: 'all' }), ctx.dataDir), 10)
    const wrong = Object.entries(received)
      .map(([entry, value]) => [entry, differences(expected, value as LogReport)] as const)
      .filter(([, diff]) => diff.length > 0)
    if (wrong.length === 0) return { passed: true }
    return {
      passed: false,
      message:
        'on the rotated folder plus two fixtures (top 10), these strategies differ from the expected report:\n' +
        wrong.map(([entry, diff]) => `${entry}: ${diff.slice(0, 3).join('; ')}`).join('\n'),
    }
  },
}

const report = {
  type: 'object',
  required: [...reportFields],
  properties: {
    totalLines: { type: 'integer', minimum: 0 },
    parsedLines: { type: 'integer', minimum: 0 },
    malformedLines: { type: 'integer', minimum: 0 },
    topResources: { $ref: '#/definitions/top' },
    topUserAgents: { $ref: '#/definitions/top' },
    requestsPerHour: { $ref: '#/definitions/counts' },
    requestsPerDateHour: { $ref: '#/definitions/counts' },
    statusCounts: { $ref: '#/definitions/counts' },
  },
  definitions: {
    top: {
      type: 'array',
      items: { type: 'array', minItems: 2, maxItems: 2, items: [{ type: 'string' }, { type: 'integer' }] },
    },
    counts: { type: 'object', additionalProperties: { type: 'integer' } },
  },
}

export const accessLogsDefinition: ExerciseDefinition = {
  manifest,
  resultSchemas: { sequential: report, parallel: report, concurrent: report },
  checks: {
    'real-lines': logCheck('real-lines', { files: () => fixture('zanbil-22.log') }),
    generated: logCheck('generated', { files: () => [{ kind: 'data', path: 'access.log' }] }),
    'quoted-fields': logCheck('quoted-fields', {
      files: () => fixture('quoted-fields.log'),
      options: { top: 50 },
    }),
    malformed: logCheck('malformed', { files: () => fixture('malformed.log') }),
    'invalid-utf8': logCheck('invalid-utf8', { files: () => fixture('invalid-utf8.log') }),
    'line-endings': logCheck('line-endings', {
      files: () => fixture('crlf.log', 'empty.log', 'blank-lines.log', 'no-final-newline.log'),
    }),
    'hour-keys': logCheck('hour-keys', { files: () => fixture('hours.log') }),
    ties: logCheck('ties', { files: () => fixture('ties.log'), options: { top: 4 } }),
    'chunk-boundaries': logCheck('chunk-boundaries', {
      // 1.2 MB of the tiny set in three ranges, and a line that covers the middle range whole.
      files: () => [{ kind: 'data', path: 'rotated/access.log' }, longLineFile()],
      options: { workers: 3, concurrency: 3 },
    }),
    gzip: logCheck('gzip', { files: () => fixture('hours.log', 'zanbil-22.log.gz') }),
    rotated: logCheck('rotated', { files: () => rotatedFiles }),
    empty: logCheck('empty', { files: () => [] }),
    'hidden-random': logCheck('hidden-random', {
      files: (ctx) => randomLinesFiles(ctx.seed ^ 0x10c5, ctx.dataDir, 3_000 + (ctx.seed % 997)),
      options: { top: 7, workers: 3, concurrency: 3 },
    }),
    agree,
  },
  bench: {
    itemLabel: 'lines',
    bytesPerItem: 340,
    itemsPerCall: (size: DataSize) => linesPerSample(size),
    // Calls take tens to hundreds of milliseconds: one call per sample, few samples, fewer rounds than sum.
    overrides: {
      normal: { samplesPerRound, targetSampleMs: 1, minRounds: 5, maxRounds: 12, budgetMs: 60_000 },
      quick: { samplesPerRound, targetSampleMs: 1, minRounds: 4, maxRounds: 8, budgetMs: 10_000 },
    },
    newRound: (seed, size, dataDir) => accessLogsRound(seed, size, dataDir),
    dataProblem: accessLogsDataProblem,
  },
}
