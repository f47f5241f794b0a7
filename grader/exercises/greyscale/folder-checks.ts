// How a greyscale check calls a strategy on a folder: the input (built in the child's scratch folder, or the
// read-only data set itself), a fresh output path, options; and hands the judge what came back.
import { join } from 'node:path'
import { imageCounts, imagesFolder } from '../../../datasets/generators/celeba/celeba.js'
import { imageId } from '../../../datasets/generators/celeba/records.js'
import type { ArgSpec } from '../../types.js'
import type { CheckContext, JudgeContext, Judgement, ValueCheck } from '../definition.js'
import type { FolderCase } from './cases.js'
import type { GreyscaleValue } from './judges.js'

export const tinyImages = imageCounts.tiny

export const dataDirOf = (ctx: CheckContext): string => {
  if (!ctx.dataDir) throw new Error('greyscale: the checks need the tiny data set')
  return ctx.dataDir
}
export const root = (id: string, ctx: CheckContext): string => `grey-${id}-${ctx.entry}`
export const treeArg = (folder: FolderCase): ArgSpec => ({
  kind: 'input',
  name: 'files.tree',
  params: folder.tree,
})
export const outputArg = (id: string, ctx: CheckContext, below = 'out'): ArgSpec => ({
  kind: 'scratch-path',
  name: `${root(id, ctx)}/${below}`,
})

/** The whole tiny set, read straight from the (read-only) data folder. */
export function datasetCase(ctx: CheckContext): FolderCase {
  const dir = join(dataDirOf(ctx), imagesFolder)
  const converts = new Map(
    Array.from({ length: tinyImages }, (_, i) => [imageId(i + 1), join(dir, imageId(i + 1))] as const),
  )
  return { tree: { root: '', entries: [] }, converts, fails: [] }
}

export interface FolderCheckSpec {
  folder(ctx: CheckContext): FolderCase
  /** Arguments after (inputDir, outputDir). */
  options?(ctx: CheckContext): ArgSpec[]
  /** Where the input folder is: built in scratch (default) or the data set itself. */
  fromDataset?: boolean
  outputBelow?: string
  /** Judges what this earlier check's call wrote and returned (same folder and options) instead of calling again. */
  sameCallAs?: string
  judge(
    value: GreyscaleValue,
    folder: FolderCase,
    ctx: JudgeContext,
    outputDir: string,
  ): Judgement | Promise<Judgement>
}

export function folderCheck(checkId: string, spec: FolderCheckSpec): ValueCheck {
  const id = spec.sameCallAs ?? checkId
  const inputArg = (ctx: CheckContext): ArgSpec =>
    spec.fromDataset
      ? { kind: 'value', value: join(dataDirOf(ctx), imagesFolder) }
      : treeArg(spec.folder(ctx))
  return {
    kind: 'value',
    args: (ctx) => [inputArg(ctx), outputArg(id, ctx, spec.outputBelow), ...(spec.options?.(ctx) ?? [])],
    expected: () => undefined,
    ...(spec.sameCallAs ? { sameCallAs: spec.sameCallAs } : {}),
    judge: (received, _expected, ctx) =>
      spec.judge(
        received as GreyscaleValue,
        spec.folder(ctx),
        ctx,
        join(ctx.scratchDir, root(id, ctx), spec.outputBelow ?? 'out'),
      ),
  }
}
