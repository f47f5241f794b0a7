import type { ExerciseManifest } from '../../types.js'
import type { AgreementCheck, ExerciseDefinition, ValueCheck } from '../definition.js'
import { greyscaleBench } from './bench.js'
import {
  agreeCase,
  corruptCase,
  emptyCase,
  progressCase,
  randomCase,
  smallCase,
  untouchedCase,
  whichFilesCase,
} from './cases.js'
import { dataDirOf, datasetCase, folderCheck, outputArg, root, tinyImages, treeArg } from './folder-checks.js'
import {
  corruptReported,
  pixelsClose,
  progressJudge,
  untouchedJudge,
  writesEverything,
} from './folder-judges.js'
import { fileProblems, pixelProblems, resultProblems, verdict, type GreyscaleValue } from './judges.js'
import { lumaExact } from './luma-check.js'
import manifestJson from './manifest.json' with { type: 'json' }
import { inspectOutputs } from './outputs.js'

const manifest = manifestJson as ExerciseManifest

const strategyChecks: Record<string, ValueCheck> = {
  'converts-all': folderCheck('converts-all', {
    folder: datasetCase,
    fromDataset: true,
    judge: writesEverything,
  }),
  pixels: folderCheck('pixels', {
    folder: datasetCase,
    fromDataset: true,
    sameCallAs: 'converts-all',
    judge: pixelsClose,
  }),
  corrupt: folderCheck('corrupt', {
    folder: (ctx) => corruptCase(root('corrupt', ctx) + '/in', dataDirOf(ctx)),
    judge: corruptReported,
  }),
  progress: folderCheck('progress', {
    folder: (ctx) => progressCase(root('progress', ctx) + '/in', dataDirOf(ctx)),
    options: (ctx) => [
      {
        kind: 'input',
        name: 'greyscale.progress-options',
        params: { log: `${root('progress', ctx)}/progress.log` },
      },
    ],
    judge: progressJudge,
  }),
  'input-untouched': folderCheck('input-untouched', {
    folder: (ctx) => untouchedCase(root('input-untouched', ctx) + '/in', dataDirOf(ctx)),
    judge: untouchedJudge,
  }),
  'which-files': folderCheck('which-files', {
    folder: (ctx) => whichFilesCase(root('which-files', ctx) + '/in', dataDirOf(ctx)),
    judge: writesEverything,
  }),
  'creates-output': folderCheck('creates-output', {
    folder: (ctx) => smallCase(root('creates-output', ctx) + '/in', dataDirOf(ctx)),
    outputBelow: 'not/yet/there',
    judge: writesEverything,
  }),
  'empty-folder': folderCheck('empty-folder', {
    folder: (ctx) => emptyCase(root('empty-folder', ctx) + '/in'),
    judge: (value, folder) => verdict(resultProblems(value, folder)),
  }),
  'hidden-random': folderCheck('hidden-random', {
    folder: (ctx) => randomCase(root('hidden-random', ctx) + '/in', dataDirOf(ctx), ctx.seed, tinyImages),
    options: (ctx) => [
      { kind: 'value', value: randomCase('', dataDirOf(ctx), ctx.seed, tinyImages).options },
    ],
    judge: async (value, folder, _ctx, outputDir) => {
      const report = await inspectOutputs(outputDir, folder.converts)
      const pixels = pixelProblems(report)
      return verdict(
        [...resultProblems(value, folder), ...fileProblems(report), ...pixels.problems],
        pixels.hint,
      )
    },
  }),
}

const agree: AgreementCheck = {
  kind: 'agreement',
  args: (ctx) => [treeArg(agreeCase(root('agree', ctx) + '/in', dataDirOf(ctx))), outputArg('agree', ctx)],
  judge: (received, ctx) => {
    const folder = agreeCase('', dataDirOf({ ...ctx, entry: 'all' }))
    const shown = (value: unknown): string => {
      const v = value as GreyscaleValue
      return `processed ${v.processed}, failed [${v.failed.map((f) => f.file).join(', ')}]`
    }
    const wrong = Object.entries(received).filter(
      ([, value]) => resultProblems(value as GreyscaleValue, folder).length > 0,
    )
    if (wrong.length === 0) return { passed: true }
    return {
      passed: false,
      message: `on the same folder (expected ${shown({ processed: folder.converts.size, failed: folder.fails.map((file) => ({ file })) })}) the strategies returned:\n${Object.entries(
        received,
      )
        .map(([entry, value]) => `  ${entry}: ${shown(value)}`)
        .join('\n')}`,
    }
  },
}

const resultSchema = {
  type: 'object',
  required: ['processed', 'failed'],
  properties: {
    processed: { type: 'integer', minimum: 0 },
    failed: {
      type: 'array',
      items: {
        type: 'object',
        required: ['file', 'error'],
        properties: { file: { type: 'string' }, error: { type: 'string' } },
      },
    },
  },
}

export const greyscaleDefinition: ExerciseDefinition = {
  manifest,
  resultSchemas: {
    luma: { type: 'object' },
    sequential: resultSchema,
    parallel: resultSchema,
    concurrent: resultSchema,
  },
  checks: { 'luma-exact': lumaExact, ...strategyChecks, agree },
  bench: greyscaleBench,
}
