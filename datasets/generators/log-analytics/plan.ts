// What each size holds, how it is cut into chunks, and the shared time window (with its daily rhythm). Pure, so
// that a chunk made on any worker is the same bytes.
import type { DataSize } from '../../../grader/types.js'
import type { AddressPools } from './addresses.js'
import type { AttackEvent } from './attacks.js'

/** The grading sizes, and the benchmark's fixed workload of 1 M records (`npm run bench`). */
export type PlanName = DataSize | 'bench'

export type SourceId = 'access' | 'appEvents' | 'audit' | 'auth'
export const sourceIds: readonly SourceId[] = ['access', 'appEvents', 'audit', 'auth']

/** Records of each source (before attacks are added on top). */
export const recordsBySize: Record<PlanName, Record<SourceId, number>> = {
  tiny: { access: 8_000, appEvents: 3_000, audit: 3_000, auth: 4_000 },
  small: { access: 100_000, appEvents: 40_000, audit: 32_000, auth: 50_000 },
  full: { access: 2_500_000, appEvents: 1_000_000, audit: 800_000, auth: 1_000_000 },
  bench: { access: 450_000, appEvents: 180_000, audit: 160_000, auth: 210_000 },
}

/** Records per chunk: fixed per size, so that the bytes do not depend on how many workers made them. */
export const lineChunk = 20_000

/** What one chunk of a source covers: records [first, first + count) of `total`, and the world they share. */
export interface ChunkSpan {
  seed: number
  index: number
  first: number
  count: number
  total: number
  pools: AddressPools
  /** The attacks that fall in this chunk's time range. */
  attacks: AttackEvent[]
  timeAt: (q: number) => number
}
/** Records per CloudTrail file (a few MB each, as CloudTrail delivers them). */
export const auditFileRecords = (size: PlanName): number => (size === 'tiny' ? 500 : 4_000)

export function chunkCount(size: PlanName, source: SourceId): number {
  const per = source === 'audit' ? auditFileRecords(size) : lineChunk
  return Math.ceil(recordsBySize[size][source] / per)
}

/** Attack campaigns by size. */
export const attacksBySize: Record<PlanName, { bruteForce: number; slow: number; scanners: number }> = {
  tiny: { bruteForce: 3, slow: 1, scanners: 2 },
  small: { bruteForce: 10, slow: 3, scanners: 6 },
  full: { bruteForce: 30, slow: 6, scanners: 20 },
  bench: { bruteForce: 15, slow: 4, scanners: 10 },
}

/** The window all four sources share: 26 Feb – 3 Mar 2024 (UTC), 29 Feb included. */
export const windowStartMs = Date.UTC(2024, 1, 26)
export const windowDays = 7
export const windowEndMs = windowStartMs + windowDays * 86_400_000
/** Web and SSH servers write local time, one hour east of UTC. */
export const localOffsetMinutes = 60

// Relative traffic by local hour: quiet at night, busiest in the afternoon; weekends at 60%.
const hourWeights = [
  0.3, 0.22, 0.17, 0.14, 0.14, 0.2, 0.36, 0.6, 0.9, 1.1, 1.2, 1.22, 1.1, 1.15, 1.22, 1.18, 1.12, 1.02, 0.92,
  0.86, 0.8, 0.7, 0.55, 0.4,
]

const minutes = windowDays * 1440
const cumulative = (() => {
  const table = new Float64Array(minutes + 1)
  for (let m = 0; m < minutes; m++) {
    const local = new Date(windowStartMs + (m + localOffsetMinutes) * 60_000)
    const weekend = local.getUTCDay() === 0 || local.getUTCDay() === 6
    table[m + 1] = table[m]! + hourWeights[local.getUTCHours()]! * (weekend ? 0.6 : 1)
  }
  const total = table[minutes]!
  for (let m = 0; m <= minutes; m++) table[m]! /= total
  return table
})()

/** The time (ms, UTC) at quantile q ∈ [0, 1] of the daily rhythm: record i of n sits at q = (i + u) / n. */
export function timeAt(q: number): number {
  let lo = 0
  let hi = minutes
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1
    if (cumulative[mid]! <= q) lo = mid
    else hi = mid
  }
  const span = cumulative[lo + 1]! - cumulative[lo]!
  const within = span > 0 ? Math.min(1, Math.max(0, (q - cumulative[lo]!) / span)) : 0
  return Math.floor(windowStartMs + (lo + within) * 60_000)
}

/** The time range [from, to) of chunk `index` of a source: attacks in that range go into that chunk. */
export function chunkRange(size: PlanName, source: SourceId, index: number): [number, number] {
  const total = recordsBySize[size][source]
  const per = source === 'audit' ? auditFileRecords(size) : lineChunk
  const count = chunkCount(size, source)
  const from = index === 0 ? windowStartMs : timeAt((index * per) / total)
  const to = index + 1 >= count ? windowEndMs + 1 : timeAt(((index + 1) * per) / total)
  return [from, to]
}
