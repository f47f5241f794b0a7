// The log-analytics data set: four sources over one shared week (26 Feb – 3 Mar 2024) and shared addresses —
// access.log (combined format), app-events.jsonl (GitHub-shaped events), audit/ (CloudTrail files, most of them
// .json.gz, one cut short) and auth.log (SSH auth syslog, no year). About 1% of each source's records are broken.
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { dirname, join } from 'node:path'
import { makeChunk, type ChunkOutput, type ChunkRequest } from './log-analytics/chunks.js'
import { chunkCount, recordsBySize, sourceIds, type PlanName } from './log-analytics/plan.js'
import { onPoolInOrder } from './in-order.js'
import type { DatasetGenerator, GenerateOptions } from './types.js'

const parallelAbove = 1_000_000

const workerFile = new URL(
  import.meta.url.endsWith('.ts') ? './log-analytics/chunk.worker.ts' : './log-analytics/chunk.worker.js',
  import.meta.url,
)

export interface LogAnalyticsOptions {
  size: PlanName
  seed: number
  dir: string
  /** Worker threads (default: a pool of os.availableParallelism() for the full size, this thread below). */
  workers?: number
  onProgress?: (chunksDone: number, totalChunks: number) => void
}

function requests(size: PlanName, seed: number): ChunkRequest[] {
  return sourceIds.flatMap((source) =>
    Array.from({ length: chunkCount(size, source) }, (_, index) => ({ seed, size, source, index })),
  )
}

function* sequentialChunks(all: ChunkRequest[]): Generator<ChunkOutput[]> {
  for (const request of all) yield makeChunk(request)
}

/** Writes the four sources; the same size and seed give the same bytes whatever the worker count. */
export async function writeLogAnalytics(options: LogAnalyticsOptions): Promise<void> {
  const { size, seed, dir } = options
  const all = requests(size, seed)
  mkdirSync(join(dir, 'audit'), { recursive: true })
  const open = new Map<string, number>()
  let done = 0
  try {
    const total = Object.values(recordsBySize[size]).reduce((a, b) => a + b, 0)
    const workers = options.workers ?? (total > parallelAbove ? availableParallelism() : 0)
    const chunks =
      workers > 0
        ? onPoolInOrder<ChunkRequest, ChunkOutput[]>(workerFile, all, workers)
        : sequentialChunks(all)
    for await (const outputs of chunks) {
      for (const { path, bytes, append } of outputs) {
        const target = join(dir, path)
        if (!append) {
          mkdirSync(dirname(target), { recursive: true })
          writeFileSync(target, bytes)
          continue
        }
        let fd = open.get(target)
        if (fd === undefined) open.set(target, (fd = openSync(target, 'w')))
        for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at)
      }
      options.onProgress?.(++done, all.length)
    }
  } finally {
    for (const fd of open.values()) closeSync(fd)
  }
}

const formatCount = (n: number): string => n.toLocaleString('en-US')

export const logAnalyticsGenerator: DatasetGenerator = {
  describe: (size) => {
    const r = recordsBySize[size]
    return (
      `${formatCount(r.access)} access lines (access.log), ${formatCount(r.appEvents)} app events ` +
      `(app-events.jsonl), ${formatCount(r.audit)} CloudTrail records in ${formatCount(chunkCount(size, 'audit') + 1)} ` +
      `files (audit/), ${formatCount(r.auth)} SSH auth lines (auth.log), plus the attacks`
    )
  },
  generate: ({ size, seed, dir, onProgress }: GenerateOptions) =>
    writeLogAnalytics({ size, seed, dir, ...(onProgress ? { onProgress } : {}) }),
}
