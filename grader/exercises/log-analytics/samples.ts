// How benchmark samples are cut from a data set: pure, shared by the grader (expected reports) and the child (writing
// the sample files), so that both sides agree on every byte. A sample keeps part of every source: a random half of
// each plain file's blocks of lines (a sixteenth on the full set), and a random half of each source's whole files
// (.gz and CloudTrail files), so its report is new to the child; each strategy timed on a side reads its own copy,
// with the blocks in an order of its own.
import type { DataSize } from '../../types.js'
import { createRng } from '../../util/stats.js'

export type SourceName = 'access' | 'appEvents' | 'audit' | 'auth'

export interface RoundFile {
  source: SourceName
  /** The data set's file (readable by the child). */
  path: string
  /** Its path relative to the data set's folder: the name it gets in a sample's folder. */
  name: string
  /** Byte ranges of its blocks of whole lines, flat [start0, end0, …]; absent: the file is kept or left whole. */
  ranges?: number[]
}

/** What the child needs to write a round's samples. */
export interface LogAnalyticsRoundParams {
  roundSeed: number
  files: RoundFile[]
  keep: number
  /** Samples written while preparing (untimed); later ones are written when first asked for. */
  prewritten: number
}

export interface SampleRef {
  sample: number
  call: number
}

/** One copy per strategy timed on a side: same lines, so the same report, in a different order. */
export const variantsPerSample = 3
/** Blocks a plain file is cut into. */
export const blocksPerFile = (size: DataSize): number => (size === 'full' ? 64 : 16)
/** The share of each file's blocks (and of each source's whole files) a sample keeps. */
export const keptShare = (size: DataSize): number => (size === 'full' ? 1 / 16 : 1 / 2)

const seedOf = (roundSeed: number, { sample, call }: SampleRef, salt: number): number =>
  (Math.imul(roundSeed ^ 0x1b873593, 0x297a2d39) +
    Math.imul(sample + 1, 0x9e3779b1) +
    Math.imul(call + 7, 0x85ebca6b) +
    Math.imul(salt + 3, 0xc2b2ae35)) >>>
  0

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[items[i], items[j]] = [items[j]!, items[i]!]
  }
  return items
}

const blockCount = (file: RoundFile): number => (file.ranges ? file.ranges.length / 2 : 1)

/**
 * The units a sample keeps: file index → its kept blocks (a whole file: [0]), in no particular order (the expected
 * report depends only on these). Files that keep nothing are left out.
 */
export function keptUnits(params: LogAnalyticsRoundParams, ref: SampleRef): Map<number, number[]> {
  const kept = new Map<number, number[]>()
  const random = createRng(seedOf(params.roundSeed, ref, 0))
  const take = (count: number): number => Math.max(1, Math.ceil(count * params.keep))
  params.files.forEach((file, index) => {
    if (!file.ranges) return
    const blocks = shuffle(
      Array.from({ length: blockCount(file) }, (_, i) => i),
      random,
    )
    if (blocks.length > 0) kept.set(index, blocks.slice(0, take(blocks.length)))
  })
  for (const source of ['access', 'appEvents', 'audit', 'auth'] as const) {
    const whole = params.files.flatMap((file, index) =>
      file.source === source && !file.ranges ? [index] : [],
    )
    for (const index of shuffle(whole, random).slice(0, take(whole.length))) kept.set(index, [0])
  }
  return kept
}

/** The order in which a variant of the sample writes a file's blocks. */
export function variantOrder(
  blocks: number[],
  roundSeed: number,
  ref: SampleRef,
  file: number,
  variant: number,
): number[] {
  return shuffle([...blocks], createRng(seedOf(roundSeed, ref, 0x1000 + file * 8 + variant)))
}
