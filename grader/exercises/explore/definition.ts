import type { ArgSpec, ExerciseManifest } from '../../types.js'
import type { CheckContext, ExerciseDefinition, Judgement, ValueCheck } from '../definition.js'
import type { TreeEntry } from '../files/tree.js'
import {
  crlfAndBom,
  csvTree,
  defaultExtensions,
  emptyAndBlank,
  expectedCount,
  nestedExtensions,
  nestedTree,
  onlyDirectCsvs,
  quotedFields,
  randomCsvCase,
  randomTree,
  type CsvCase,
} from './cases.js'
import { celebaSummaries, checkedImages } from './celeba-truth.js'
import { summariesOf } from './csv-model.js'
import { judgeSummaries } from './judge.js'
import manifestJson from './manifest.json' with { type: 'json' }

const manifest = manifestJson as ExerciseManifest

const tree = (root: string, entries: TreeEntry[]): ArgSpec => ({
  kind: 'input',
  name: 'files.tree',
  params: { root, entries },
})

function dataDirOf(ctx: CheckContext): string {
  if (!ctx.dataDir) throw new Error('explore: the checks need the tiny data set')
  return ctx.dataDir
}

function csvCheck(id: string, csvCase: (ctx: CheckContext) => CsvCase): ValueCheck {
  return {
    kind: 'value',
    args: (ctx) => [{ kind: 'input', name: 'files.tree', params: csvTree(`explore-${id}`, csvCase(ctx)) }],
    expected: (ctx) => summariesOf(csvCase(ctx).models),
    judge: (received, expected) => judgeSummaries(received, expected as ReturnType<typeof summariesOf>),
  }
}

function countHint(
  received: number,
  entries: TreeEntry[] | undefined,
  extensions = defaultExtensions,
): string | undefined {
  if (entries === undefined) {
    if (received === checkedImages + 4)
      return 'The four CSV files were counted: only .jpg, .jpeg and .png count by default.'
    if (received <= 1)
      return 'The images are two folders down (img_align_celeba/img_align_celeba/): count recursively.'
    return undefined
  }
  if (received === expectedCount(entries, extensions, { skipHidden: false, anyCase: true })) {
    return 'Hidden files and folders (names starting with ".") were counted: skip them.'
  }
  if (received === expectedCount(entries, extensions, { skipHidden: true, anyCase: false })) {
    return 'Extensions match in any case: "B.JPG" counts as ".jpg".'
  }
  return undefined
}

function countCheck(
  args: (ctx: CheckContext) => ArgSpec[],
  expected: (ctx: CheckContext) => number,
  entries?: (ctx: CheckContext) => TreeEntry[],
  extensions?: string[],
): ValueCheck {
  return {
    kind: 'value',
    args,
    expected,
    judge: (received, want, ctx): Judgement => {
      if (received === want) return { passed: true }
      const hint = countHint(received as number, entries?.(ctx), extensions)
      return {
        passed: false,
        message: `expected ${String(want)} files, received ${String(received)}`,
        ...(hint ? { hint } : {}),
      }
    },
  }
}

const summarySchema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['file', 'rows', 'columns', 'head'],
    properties: {
      file: { type: 'string' },
      rows: { type: 'integer', minimum: 0 },
      columns: { type: 'array', items: { type: 'string' } },
      head: { type: 'array', items: { type: 'object', additionalProperties: { type: 'string' } } },
    },
  },
}

export const exploreDefinition: ExerciseDefinition = {
  manifest,
  resultSchemas: {
    'describe-csv-files': summarySchema,
    'count-files': { type: 'integer', minimum: 0 },
  },
  checks: {
    'celeba-csvs': {
      kind: 'value',
      args: (ctx) => [{ kind: 'value', value: dataDirOf(ctx) }],
      expected: (ctx) => celebaSummaries(ctx.seed),
      judge: (received, expected) => judgeSummaries(received, expected as ReturnType<typeof celebaSummaries>),
    },
    'quoted-fields': csvCheck('quoted-fields', () => quotedFields),
    'crlf-bom': csvCheck('crlf-bom', () => crlfAndBom),
    'empty-and-blank': csvCheck('empty-and-blank', () => emptyAndBlank),
    'only-direct-csvs': csvCheck('only-direct-csvs', () => onlyDirectCsvs),
    'csv-hidden-random': csvCheck('csv-hidden-random', (ctx) => randomCsvCase(ctx.seed)),
    'count-celeba': countCheck(
      (ctx) => [{ kind: 'value', value: dataDirOf(ctx) }],
      () => checkedImages,
    ),
    'count-nested': countCheck(
      () => [tree('explore-count-nested', nestedTree)],
      () => expectedCount(nestedTree),
      () => nestedTree,
    ),
    'count-extensions': countCheck(
      () => [
        tree('explore-count-extensions', nestedTree),
        { kind: 'value', value: { extensions: nestedExtensions } },
      ],
      () => expectedCount(nestedTree, nestedExtensions),
      () => nestedTree,
      nestedExtensions,
    ),
    'count-hidden-random': countCheck(
      (ctx) => [tree('explore-count-random', randomTree(ctx.seed))],
      (ctx) => expectedCount(randomTree(ctx.seed)),
      (ctx) => randomTree(ctx.seed),
    ),
  },
}
