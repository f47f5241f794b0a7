// The judges of the folder checks: what was returned, written, left in the input, and reported as progress.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { JudgeContext, Judgement } from '../definition.js'
import { treeChanges } from '../files/contents.js'
import type { FolderCase } from './cases.js'
import { root, type FolderCheckSpec } from './folder-checks.js'
import { fileProblems, pixelProblems, resultProblems, verdict, type GreyscaleValue } from './judges.js'
import { inspectOutputs } from './outputs.js'

export function readOnlyHint(value: GreyscaleValue): string | undefined {
  const denied = value.failed.find((f) => /ERR_ACCESS_DENIED|EROFS|EACCES|read-only/i.test(f.error))
  return denied
    ? 'Writing failed because the input folder is read-only here: write every output to outputDir, never next to its input.'
    : undefined
}

export const writesEverything: FolderCheckSpec['judge'] = async (value, folder, _ctx, outputDir) => {
  const report = await inspectOutputs(outputDir, folder.converts)
  const problems = [...resultProblems(value, folder), ...fileProblems(report)]
  const last = [...folder.converts.keys()].sort().at(-1)
  const hint =
    readOnlyHint(value) ??
    (report.missing.length === 1 && report.missing[0] === last
      ? `The last image (${last}) was not written: an off-by-one in the loop over the files?`
      : undefined)
  return verdict(problems, hint)
}

export const pixelsClose: FolderCheckSpec['judge'] = async (value, folder, _ctx, outputDir) => {
  const report = await inspectOutputs(outputDir, folder.converts)
  const files = fileProblems(report)
  const pixels = pixelProblems(report)
  return verdict(
    [...files.filter((p) => !p.startsWith('unexpected')), ...pixels.problems],
    pixels.hint ?? readOnlyHint(value),
  )
}

export const corruptReported: FolderCheckSpec['judge'] = async (value, folder, _ctx, outputDir) => {
  const report = await inspectOutputs(outputDir, folder.converts)
  const problems = [...resultProblems(value, folder), ...fileProblems(report)]
  let hint: string | undefined
  if (value.failed.length === 0) {
    hint =
      'The corrupt files were skipped silently: report each one in `failed` with the reason, so that the user knows what was not converted' +
      (value.processed > folder.converts.size ? ' (and `processed` counts only the images written).' : '.')
  } else if (report.missing.length > 0 && value.failed.length <= 1) {
    hint =
      'The images after the first corrupt file were not converted: catch the error of each image and go on with the next.'
  } else if (value.processed > folder.converts.size) {
    hint = '`processed` counts the images written; the corrupt ones belong in `failed` only.'
  }
  return verdict(problems, hint)
}

export function progressJudge(value: GreyscaleValue, folder: FolderCase, ctx: JudgeContext): Judgement {
  const total = folder.converts.size + folder.fails.length
  const log = join(ctx.scratchDir, root('progress', ctx), 'progress.log')
  const calls = existsSync(log)
    ? readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split(' ').map(Number) as [number, number])
    : []
  const problems = resultProblems(value, folder)
  if (calls.length === 0) {
    return verdict(
      [...problems, `options.onProgress was never called; expected ${total} calls, one per image`],
      'Call options.onProgress?.(done, total) after each image, failed ones included: the progress bar is drawn from these calls.',
    )
  }
  if (calls.length !== total)
    problems.push(
      `options.onProgress was called ${calls.length} times; expected ${total}, once per image, failed ones included`,
    )
  const dones = calls.map(([done]) => done).sort((a, b) => a - b)
  if (calls.some(([, t]) => t !== total))
    problems.push(
      `every call's total must be ${total}; received ${[...new Set(calls.map(([, t]) => t))].join(', ')}`,
    )
  else if (calls.length === total && dones.some((done, i) => done !== i + 1)) {
    problems.push(`the done counts must run 1…${total}; received ${dones.join(', ')}`)
  }
  return verdict(problems)
}

export function untouchedJudge(value: GreyscaleValue, folder: FolderCase, ctx: JudgeContext): Judgement {
  const inputDir = join(ctx.scratchDir, folder.tree.root)
  const changes = treeChanges(inputDir, folder.tree.entries)
  const problems = resultProblems(value, folder)
  const described = [
    changes.changed.length > 0 ? `changed: ${changes.changed.join(', ')}` : '',
    changes.added.length > 0 ? `added: ${changes.added.join(', ')}` : '',
    changes.removed.length > 0 ? `removed: ${changes.removed.join(', ')}` : '',
  ].filter(Boolean)
  if (described.length > 0) problems.push(`the input folder changed (${described.join('; ')})`)
  const hint =
    changes.changed.some((name) => folder.converts.has(name)) || changes.added.length > 0
      ? 'Outputs were written into the input folder: write them to outputDir and leave the input as it was.'
      : undefined
  return verdict(problems, hint)
}
