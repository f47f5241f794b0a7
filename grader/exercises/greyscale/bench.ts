// The greyscale benchmark: every timed call converts its own folder of images (a fresh random subset of the data
// set, copied in the child before any timing with pixels new to the round) into a fresh output folder; every answer is checked, every output
// file's header read, one file per call decoded and compared with the exact luma, and the outputs removed, all
// outside the timed region.
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { imagesFolder } from '../../../datasets/generators/celeba/celeba.js'
import { createStream, hash32 } from '../../../datasets/generators/celeba/random.js'
import type { DataSize } from '../../types.js'
import type { BenchDefinition, BenchRound } from '../definition.js'
import { SyncDecoder } from './decode-sync.js'
import { jpegFrame } from './jpeg-header.js'
import { compareGrey, exactLuma, pixelProblem } from './pixels.js'
import { inputFolder, outputFolder, roundImage, type GreyscaleRound } from './round-input.js'

/** Images per timed call: enough for a pool to pay off, few enough for several rounds in the time budget. */
export const imagesPerCall = (size: DataSize): number => (size === 'tiny' ? 32 : size === 'small' ? 150 : 400)
/** Input folders made per round; a sample's calls take them in turn. */
export const foldersPerRound = 8

const listings = new Map<string, string[]>()
let decoder: SyncDecoder | undefined

/** The folder holding the images: a generated set, or a real CelebA download given with --data (either level). */
export function imageSourceOf(dataDir: string): string {
  const nested = join(dataDir, imagesFolder)
  return existsSync(nested) ? nested : dataDir
}

function imagesIn(dir: string): string[] {
  let names = listings.get(dir)
  if (!names) {
    names = readdirSync(dir)
      .filter((name) => /\.jpe?g$/i.test(name) && !name.startsWith('.'))
      .sort()
    listings.set(dir, names)
  }
  return names
}

function pick(names: string[], count: number, random: () => number): string[] {
  const chosen = new Set<string>()
  const wanted = Math.min(count, names.length)
  while (chosen.size < wanted) chosen.add(names[Math.floor(random() * names.length)]!)
  return [...chosen].sort()
}

/**
 * What is wrong with one call's output folder, or undefined; reads headers of all, pixels of one. The spot's input is
 * made again here, not read from the child's folder (which the child could have changed).
 */
function outputProblem(
  outputDir: string,
  names: string[],
  spot: string,
  input: Uint8Array,
): string | undefined {
  if (!existsSync(outputDir)) return `${outputDir} was not created`
  const written = new Set(readdirSync(outputDir))
  const missing = names.filter((name) => !written.has(name))
  if (missing.length > 0) return `${missing.length} outputs missing (${missing.slice(0, 3).join(', ')}…)`
  for (const name of names) {
    const frame = jpegFrame(readFileSync(join(outputDir, name)))
    if (typeof frame === 'string') return `${name}: ${frame}`
    if (frame.components !== 1 && frame.components !== 3) return `${name}: ${frame.components} components`
  }
  decoder ??= new SyncDecoder()
  const source = decoder.decode(input, spot)
  const output = decoder.decode(join(outputDir, spot))
  if (output.width !== source.width || output.height !== source.height) {
    return `${spot} is ${output.width}x${output.height}, its input ${source.width}x${source.height}`
  }
  const problem = pixelProblem(
    compareGrey(output.data, output.channels, exactLuma(source.data, source.channels)),
  )
  return problem ? `${spot} is off the exact luma: ${problem}` : undefined
}

function greyscaleRound(seed: number, size: DataSize, dataDir: string | undefined): BenchRound {
  if (!dataDir) throw new Error('greyscale: the benchmark needs a data set on disk')
  const sourceDir = imageSourceOf(dataDir)
  const names = imagesIn(sourceDir)
  if (names.length === 0) throw new Error(`greyscale: no .jpg images in ${sourceDir}`)
  const random = createStream(hash32(seed, 0x6e7))
  const folders = Array.from({ length: foldersPerRound }, () => pick(names, imagesPerCall(size), random))
  const callsOf = new Map<number, number>()
  const folderOf = (sample: number, call: number): number =>
    (sample * (callsOf.get(sample) ?? 1) + call) % foldersPerRound
  const round: GreyscaleRound = { sourceDir, folders, seed }
  return {
    prepare: { name: 'greyscale.round', params: round },
    sample: (index, calls) => {
      callsOf.set(index, calls)
      return Array.from({ length: calls }, (_, call) => [
        { kind: 'scratch-path', name: inputFolder(folderOf(index, call)) },
        { kind: 'scratch-path', name: outputFolder(index, call) },
      ])
    },
    verify: (sample, call, value) => {
      const expected = folders[folderOf(sample, call)]!.length
      const v = value as { processed?: unknown; failed?: unknown }
      if (v?.processed === expected && Array.isArray(v.failed) && v.failed.length === 0) return undefined
      return `expected { processed: ${expected}, failed: [] }, received ${JSON.stringify(value)?.slice(0, 200)}`
    },
    afterSample: (sample, scratchDir) => {
      for (let call = 0; call < (callsOf.get(sample) ?? 0); call++) {
        const outputDir = join(scratchDir, outputFolder(sample, call))
        if (!existsSync(outputDir)) continue // already checked and removed (hooks run after failed samples too)
        const folder = folderOf(sample, call)
        const files = folders[folder]!
        const spotIndex = hash32(seed, sample, call) % files.length
        const problem = outputProblem(
          outputDir,
          files,
          files[spotIndex]!,
          roundImage(round, folder, spotIndex),
        )
        rmSync(outputDir, { recursive: true, force: true })
        if (problem) throw new Error(`wrong output during the benchmark: ${problem}`)
      }
    },
  }
}

export const greyscaleBench: BenchDefinition = {
  itemLabel: 'images',
  itemsPerCall: imagesPerCall,
  // A call converts a whole folder (a tenth of a second to a second): fewer samples per round than `sum`.
  overrides: {
    normal: { samplesPerRound: 3, minRounds: 6, maxRounds: 12, budgetMs: 90_000 },
    // samplesPerRound stays ≥ 3: the bench stage takes 2 or fewer samples for a warm-up and records nothing.
    quick: { samplesPerRound: 3, minRounds: 3, maxRounds: 5, budgetMs: 8_000 },
  },
  newRound: greyscaleRound,
  dataProblem(path) {
    if (!statSync(path).isDirectory())
      return `${path} is a file. Give the CelebA folder (or a folder of .jpg images)`
    const sourceDir = imageSourceOf(path)
    if (imagesIn(sourceDir).length > 0) return undefined
    return `no .jpg images in ${sourceDir}. Give the CelebA folder (it holds ${imagesFolder}/) or a folder of .jpg images`
  },
}
