import type { SecurityOptions, SecurityReport } from '../../../solutions/log-analytics/types.js'
import type { ArgSpec, DataSize, ExerciseManifest } from '../../types.js'
import type { AgreementCheck, CheckContext, ExerciseDefinition, ValueCheck } from '../definition.js'
import { logAnalyticsDataProblem, logAnalyticsRound, recordsPerCall } from './bench-round.js'
import { sourcesArg, sourcesOf, type CaseInput } from './check-inputs.js'
import { differences, type Section } from './compare.js'
import { securityDashboard } from './dashboard.js'
import { expectedReport } from './expected.js'
import { hintForThrow } from './hints.js'
import { judgeReport } from './judge.js'
import manifestJson from './manifest.json' with { type: 'json' }
import reportSchema from './report.schema.json' with { type: 'json' }

const manifest = manifestJson as ExerciseManifest

interface SecurityCase {
  input: CaseInput
  options?: (ctx: CheckContext) => SecurityOptions
  /** The sections judged (all by default). */
  only?: Section[]
  /** Judges this earlier check's call (same input and options) instead of calling again. */
  sameCallAs?: string
}

function args(id: string, spec: SecurityCase, ctx: CheckContext): ArgSpec[] {
  const sources = sourcesArg(id, spec.input, ctx.dataDir)
  return spec.options ? [sources, { kind: 'value', value: spec.options(ctx) }] : [sources]
}

function securityCheck(id: string, spec: SecurityCase): ValueCheck {
  return {
    kind: 'value',
    args: (ctx) => args(spec.sameCallAs ?? id, spec, ctx),
    ...(spec.sameCallAs ? { sameCallAs: spec.sameCallAs } : {}),
    expected: (ctx) => expectedReport(sourcesOf(spec.input, ctx.dataDir), spec.options?.(ctx)),
    judge: (received, expected, ctx) =>
      judgeReport(
        received,
        expected as SecurityReport,
        { sources: sourcesOf(spec.input, ctx.dataDir), options: spec.options?.(ctx) ?? {}, entry: ctx.entry },
        spec.only,
      ),
  }
}

const data: CaseInput = { kind: 'data' }
const fixture = (name: string): CaseInput => ({ kind: 'fixture', name })
// The sections of one report on the tiny data set: one call per strategy, judged section by section.
const section = (only: Section): SecurityCase => ({
  input: data,
  only: [only],
  ...(only === 'access' ? {} : { sameCallAs: 'access' }),
})

// Options derived from the run's seed, so that a hidden check cannot be passed by hard-coding the defaults.
const randomOptions = (ctx: CheckContext): SecurityOptions => ({
  workers: 2 + (ctx.seed % 3),
  year: 2024,
  bruteForce: { failures: 3 + (ctx.seed % 5), windowMinutes: 2 + (ctx.seed % 11) },
})

const agreeCase: SecurityCase = {
  input: data,
  options: () => ({ workers: 3, bruteForce: { failures: 4, windowMinutes: 7 } }),
}

const agree: AgreementCheck = {
  kind: 'agreement',
  args: (ctx) => args('agree', agreeCase, { ...ctx, entry: 'all' }),
  judge: (received, ctx) => {
    const expected = expectedReport(
      sourcesOf(agreeCase.input, ctx.dataDir),
      agreeCase.options!({ ...ctx, entry: 'all' }),
    )
    const wrong = Object.entries(received)
      .map(([entry, value]) => [entry, differences(expected, value as SecurityReport)] as const)
      .filter(([, diff]) => diff.length > 0)
    if (wrong.length === 0) return { passed: true }
    return {
      passed: false,
      message:
        'on the tiny data set (3 workers, brute force 4 failures in 7 minutes), these strategies differ from the expected report:\n' +
        wrong.map(([entry, diff]) => `${entry}: ${diff.slice(0, 3).join('; ')}`).join('\n'),
    }
  },
}

export const logAnalyticsDefinition: ExerciseDefinition = {
  manifest,
  resultSchemas: { sequential: reportSchema, parallel: reportSchema },
  failureHint: (error) => hintForThrow(error.message, error.name),
  dashboard: securityDashboard,
  checks: {
    access: securityCheck('access', section('access')),
    'app-events': securityCheck('app-events', section('appEvents')),
    audit: securityCheck('audit', section('audit')),
    auth: securityCheck('auth', section('auth')),
    enrichment: securityCheck('enrichment', section('enrichment')),
    // Across workers, anomalies are also judged by thresholds (3 workers), hidden-random and agree.
    anomalies: securityCheck('anomalies', section('anomalies')),
    'private-ranges': securityCheck('private-ranges', { input: fixture('addresses') }),
    malformed: securityCheck('malformed', { input: fixture('malformed') }),
    'syslog-year': securityCheck('syslog-year', { input: fixture('syslog-year') }),
    'year-option': securityCheck('year-option', {
      input: fixture('year-option'),
      options: () => ({ year: 2019 }),
    }),
    'brute-force': securityCheck('brute-force', { input: fixture('brute-force') }),
    'brute-force-options': securityCheck('brute-force-options', {
      input: fixture('brute-force'),
      options: () => ({ bruteForce: { failures: 3, windowMinutes: 2 } }),
    }),
    thresholds: securityCheck('thresholds', {
      input: fixture('thresholds'),
      options: () => ({ workers: 3 }),
    }),
    hours: securityCheck('hours', { input: fixture('hours') }),
    percentile: securityCheck('percentile', { input: fixture('percentile') }),
    payload: securityCheck('payload', { input: fixture('payload') }),
    gzip: securityCheck('gzip', { input: fixture('gzip') }),
    empty: securityCheck('empty', { input: fixture('empty') }),
    'hidden-random': securityCheck('hidden-random', { input: data, options: randomOptions }),
    agree,
  },
  bench: {
    itemLabel: 'records',
    bytesPerItem: 330,
    itemsPerCall: (size: DataSize) => recordsPerCall(size),
    // A call on half the small set (111,000 records) takes about a quarter of a second sequentially: one call per sample,
    // three samples a round, and a budget that fits the rounds of four tracks.
    overrides: {
      normal: { samplesPerRound: 3, targetSampleMs: 1, minRounds: 5, maxRounds: 8, budgetMs: 90_000 },
      quick: { samplesPerRound: 3, targetSampleMs: 1, minRounds: 4, maxRounds: 6, budgetMs: 10_000 },
    },
    newRound: logAnalyticsRound,
    dataProblem: logAnalyticsDataProblem,
  },
}
