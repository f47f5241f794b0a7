// How benchmark samples are cut from a data set: pure, shared by the grader (expected values) and the child
// (writing the sample files), so that both sides agree on every byte.
import type { DataSize } from '../../types.js'
import { createRng } from '../../util/stats.js'

/**
 * Each sample is `blocksPerSample` blocks of `blockLines` consecutive lines of the data set, picked at random and
 * written in a random order: the same lines (so the same report) in a different order for each variant.
 */
export interface SamplePlan {
  blockLines: number
  blocksPerSample: number
}

export const samplePlans: Record<DataSize, SamplePlan> = {
  tiny: { blockLines: 500, blocksPerSample: 36 },
  small: { blockLines: 5_000, blocksPerSample: 36 },
  full: { blockLines: 25_000, blocksPerSample: 40 },
}

/** One file per strategy timed on a side: a sample's files differ in order, so no call sees bytes seen before. */
export const variantsPerSample = 3

export const linesPerSample = (size: DataSize): number =>
  samplePlans[size].blockLines * samplePlans[size].blocksPerSample

/** What the child needs to write a round's samples. */
export interface AccessLogsRoundParams {
  /** The data set's big plain file (readable by the child). */
  file: string
  /** Byte ranges of the blocks, flat: [start0, end0, start1, end1, …]. */
  ranges: number[]
  roundSeed: number
  blocksPerSample: number
  /** Samples written while preparing (untimed); later ones are written when first asked for. */
  prewritten: number
}

export interface SampleRef {
  sample: number
  call: number
}

function shuffle(items: number[], random: () => number): number[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[items[i], items[j]] = [items[j]!, items[i]!]
  }
  return items
}

const seedOf = (roundSeed: number, { sample, call }: SampleRef, salt: number): number =>
  (Math.imul(roundSeed ^ 0x2c1b3c6d, 0x297a2d39) +
    Math.imul(sample + 1, 0x9e3779b1) +
    Math.imul(call + 7, 0x85ebca6b) +
    salt) >>>
  0

/** The blocks of a sample, in no particular order (the expected report depends only on these). */
export function sampleBlocks(
  roundSeed: number,
  ref: SampleRef,
  blockCount: number,
  blocksPerSample: number,
): number[] {
  const all = Array.from({ length: blockCount }, (_, i) => i)
  return shuffle(all, createRng(seedOf(roundSeed, ref, 0))).slice(0, Math.min(blocksPerSample, blockCount))
}

/** The order in which a variant of the sample writes its blocks. */
export function variantOrder(blocks: number[], roundSeed: number, ref: SampleRef, variant: number): number[] {
  return shuffle([...blocks], createRng(seedOf(roundSeed, ref, 0x1000 + variant)))
}
