// Turns what a strategy returned and wrote into a verdict, with the hints for the classic mistakes.
import type { Judgement } from '../definition.js'
import type { FolderCase } from './cases.js'
import type { OutputReport } from './outputs.js'
import { describeStats, pixelProblem, tolerance } from './pixels.js'

export interface GreyscaleValue {
  processed: number
  failed: { file: string; error: string }[]
}

const list = (names: string[], max = 6): string =>
  names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`

/** processed and failed against the case: exact. */
export function resultProblems(value: GreyscaleValue, folder: FolderCase): string[] {
  const problems: string[] = []
  const failedNames = value.failed.map((f) => f.file)
  if (value.processed !== folder.converts.size) {
    problems.push(`processed: expected ${folder.converts.size}, received ${value.processed}`)
  }
  if (JSON.stringify(failedNames) !== JSON.stringify(folder.fails)) {
    problems.push(
      `failed: expected [${folder.fails.join(', ')}], received [${failedNames.join(', ')}]` +
        (failedNames.length > 1 && [...failedNames].sort().join() === folder.fails.join()
          ? ' (sort it by file name)'
          : ''),
    )
  }
  const blank = value.failed.filter((f) => f.error.trim() === '')
  if (blank.length > 0) problems.push(`failed entries without a reason: ${list(blank.map((f) => f.file))}`)
  return problems
}

/** Names, sizes and greyness of what was written; undefined when all is there. */
export function fileProblems(report: OutputReport): string[] {
  if (report.folderMissing) return ['the output folder was not created']
  const problems: string[] = []
  if (report.missing.length > 0) problems.push(`missing from the output folder: ${list(report.missing)}`)
  if (report.extra.length > 0) problems.push(`unexpected files in the output folder: ${list(report.extra)}`)
  for (const image of report.images.filter((i) => i.problem).slice(0, 4)) {
    problems.push(`${image.name} ${image.problem!}`)
  }
  return problems
}

export function pixelProblems(report: OutputReport): { problems: string[]; hint?: string } {
  const bad = report.images.flatMap((image) => {
    const problem = image.stats && pixelProblem(image.stats)
    return problem ? [{ image, problem }] : []
  })
  if (bad.length === 0) return { problems: [] }
  const problems = [
    `${bad.length} of ${report.images.length} images are off the exact 601-2 luma (limits per image: mean |difference| ≤ ${tolerance.meanAbs}, max ≤ ${tolerance.maxAbs}, |mean signed| ≤ ${tolerance.bias})`,
    ...bad.slice(0, 3).map(({ image, problem }) => `${image.name}: ${problem}`),
  ]
  const first = bad[0]!.image
  const stats = first.stats!
  if (first.sharpGreyMeanAbs !== undefined && first.sharpGreyMeanAbs < stats.meanAbs / 3) {
    return {
      problems,
      hint:
        `These pixels match sharp's greyscale() (mean |difference| ${first.sharpGreyMeanAbs.toFixed(2)}) rather than ` +
        `Pillow's convert("L") (${describeStats(stats)}). sharp's greyscale() is gamma-aware Rec.709 luminance, ` +
        `computed in linear light: up to 70 levels away from 601-2. Decode to raw RGB and apply toGreyscale instead.`,
    }
  }
  if (stats.meanSigned < -0.3 && stats.meanSigned > -0.7) {
    return {
      problems,
      hint: 'About half a level too dark on average: the luma is truncated instead of rounded (add 0x8000 before >> 16).',
    }
  }
  if (Math.abs(stats.meanSigned) <= tolerance.bias) {
    return {
      problems,
      hint: `Unbiased but noisy: is the output written at JPEG quality 90 (exercises/greyscale/README.md)? Quality 75 strays about 2.5 levels on average.`,
    }
  }
  return {
    problems,
    hint: 'A bias this size means a different formula: use toGreyscale (ITU-R 601-2, as Pillow).',
  }
}

export function verdict(problems: string[], hint?: string): Judgement {
  return problems.length === 0
    ? { passed: true }
    : { passed: false, message: problems.join('\n'), ...(hint ? { hint } : {}) }
}
