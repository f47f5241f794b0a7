// Reads what a strategy wrote (in the grader, with sharp) and compares it with the exact luma of each input.
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import sharp, { type Sharp } from 'sharp'
import { PromiseCache } from '../../util/promise-cache.js'
import { listFiles } from '../files/contents.js'
import { compareGrey, exactLuma, pixelProblem, tolerance, type PixelStats } from './pixels.js'

export interface ImageReport {
  name: string
  /** Why the file is not a usable output (unreadable, other size, not grey), if it is not. */
  problem?: string
  stats?: PixelStats
  /** Mean |output − sharp's own greyscale()|, to recognise it. */
  sharpGreyMeanAbs?: number
}

export interface OutputReport {
  folderMissing: boolean
  missing: string[]
  extra: string[]
  images: ImageReport[]
}

async function decode(
  image: string | Sharp,
): Promise<{ data: Buffer; width: number; height: number; channels: number }> {
  const pipeline = typeof image === 'string' ? sharp(image) : image
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true })
  return { data, width: info.width, height: info.height, channels: info.channels }
}

type Luma = { luma: Uint8Array; width: number; height: number }

// Inputs are the grader's read-only data: each one's luma is computed once per run, not once per student and
// check (keyed by size and mtime too, so that a changed file is decoded again).
const lumas = new PromiseCache<Luma>(4096)

function cached(kind: string, input: string, compute: () => Promise<Luma>): Promise<Luma> {
  const { size, mtimeMs } = statSync(input)
  return lumas.get(`${kind}\0${input}\0${size}\0${mtimeMs}`, compute)
}

async function lumaOf(image: Sharp): Promise<Luma> {
  const rgb = await decode(image)
  return { luma: exactLuma(rgb.data, rgb.channels), width: rgb.width, height: rgb.height }
}

/** The exact luma of an input image (sharp decodes JPEGs to the same RGB as Pillow). */
export const expectedLumaOf = (input: string): Promise<Luma> =>
  cached('601-2', input, () => lumaOf(sharp(input)))

/** What sharp's own greyscale() makes of an input, to recognise it in a wrong output. */
const sharpGreyOf = (input: string): Promise<Luma> =>
  cached('sharp-grey', input, () => lumaOf(sharp(input).greyscale()))

async function inspectImage(name: string, output: string, input: string): Promise<ImageReport> {
  let written
  try {
    const format = (await sharp(output).metadata()).format
    if (format !== 'jpeg') return { name, problem: `is a ${format ?? 'unknown'} file, not a JPEG` }
    written = await decode(output)
  } catch (error) {
    return { name, problem: `cannot be read as an image: ${(error as Error).message}` }
  }
  const expected = await expectedLumaOf(input)
  if (written.width !== expected.width || written.height !== expected.height) {
    return {
      name,
      problem: `is ${written.width}x${written.height}, the input ${expected.width}x${expected.height}`,
    }
  }
  const stats = compareGrey(written.data, written.channels, expected.luma)
  if (stats.channelSpread > tolerance.channelSpread) {
    return { name, problem: `is not greyscale: its channels differ by up to ${stats.channelSpread}`, stats }
  }
  // Only an image off the exact luma needs the comparison with sharp's greyscale() (for the hint).
  if (!pixelProblem(stats)) return { name, stats }
  const sharpGrey = await sharpGreyOf(input)
  const sharpStats = compareGrey(written.data, written.channels, sharpGrey.luma)
  return { name, stats, sharpGreyMeanAbs: sharpStats.meanAbs }
}

// Checks that judge one call from two angles (converts-all and pixels) inspect the same folder: the last few reports
// are kept, keyed by the folder's files, sizes and times, so that an unchanged folder is decoded once.
const recentReports = new PromiseCache<OutputReport>(8)

/** Compares outputDir with the images that must be there (output name → input path). */
export function inspectOutputs(outputDir: string, converts: Map<string, string>): Promise<OutputReport> {
  if (!existsSync(outputDir) || !statSync(outputDir).isDirectory()) {
    return Promise.resolve({
      folderMissing: true,
      missing: [...converts.keys()].sort(),
      extra: [],
      images: [],
    })
  }
  const present = listFiles(outputDir)
  const key = JSON.stringify([
    outputDir,
    [...converts],
    present.map((name) => {
      const { size, mtimeMs } = statSync(join(outputDir, name))
      return [name, size, mtimeMs]
    }),
  ])
  return recentReports.get(key, () => inspectPresent(outputDir, converts, present))
}

async function inspectPresent(
  outputDir: string,
  converts: Map<string, string>,
  present: string[],
): Promise<OutputReport> {
  const images: ImageReport[] = []
  for (const [name, input] of [...converts].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (present.includes(name)) images.push(await inspectImage(name, join(outputDir, name), input))
  }
  return {
    folderMissing: false,
    missing: [...converts.keys()].filter((name) => !present.includes(name)).sort(),
    extra: present.filter((name) => !converts.has(name)),
    images,
  }
}
