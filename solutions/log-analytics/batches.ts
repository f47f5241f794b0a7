// The batches of the parallel strategy: plain line files cut into line-aligned byte ranges, .gz files whole, and
// CloudTrail files grouped a few at a time.
import { statSync } from 'node:fs'
import { isGzip, lineRanges } from './read.js'
import type { Sources } from './types.js'

export type LineSource = 'access' | 'appEvents' | 'auth'

export type Batch =
  | { source: LineSource; path: string; start: number; end: number }
  | { source: LineSource; path: string; whole: true }
  | { source: 'audit'; paths: string[] }

const rangeBytes = 8 << 20
const auditBatchBytes = 8 << 20

export function planBatches(sources: Sources, workers: number): Batch[] {
  const batches: Batch[] = []
  for (const source of ['access', 'appEvents', 'auth'] as const) {
    for (const path of sources[source]) {
      if (isGzip(path)) {
        batches.push({ source, path, whole: true })
        continue
      }
      const size = statSync(path).size
      if (size === 0) {
        batches.push({ source, path, start: 0, end: 0 })
        continue
      }
      // At least one range per worker for a big file, ranges of about 8 MB beyond that.
      const parts = Math.max(1, Math.min(Math.ceil(size / rangeBytes) + workers - 1, Math.ceil(size / 4096)))
      for (const [start, end] of lineRanges(path, size, parts)) batches.push({ source, path, start, end })
    }
  }
  let group: string[] = []
  let bytes = 0
  for (const path of sources.audit) {
    group.push(path)
    bytes += statSync(path).size * (isGzip(path) ? 8 : 1)
    if (bytes >= auditBatchBytes) {
      batches.push({ source: 'audit', paths: group })
      group = []
      bytes = 0
    }
  }
  if (group.length > 0) batches.push({ source: 'audit', paths: group })
  return batches
}
