import { availableParallelism } from 'node:os'
import { Piscina } from 'piscina'
import { mergeAggregate, newAggregate, type Aggregate } from './aggregate.js'
import { planBatches } from './batches.js'
import { buildReport, bruteForceOption, yearOption } from './report.js'
import type { BatchTask } from './security.worker.js'
import type { SecurityOptions, SecurityReport, Sources } from './types.js'

export type { SecurityOptions, SecurityReport, Sources } from './types.js'

const workerFile = new URL(
  import.meta.url.endsWith('.ts') ? './security.worker.ts' : './security.worker.js',
  import.meta.url,
)

// One pool, kept alive between calls (the benchmark warms it up); rebuilt only when the worker count changes.
let pool: Piscina<BatchTask, Aggregate> | undefined

function poolOf(workers: number): Piscina<BatchTask, Aggregate> {
  if (pool?.options.maxThreads !== workers) {
    void pool?.destroy()
    pool = new Piscina({
      filename: workerFile.href,
      minThreads: workers,
      maxThreads: workers,
      idleTimeout: 2_000,
    })
  }
  return pool
}

function workersOption(options: SecurityOptions): number {
  const workers = options.workers ?? availableParallelism()
  if (!Number.isInteger(workers) || workers < 1)
    throw new RangeError(`options.workers must be a positive integer (got ${String(workers)})`)
  return workers
}

/**
 * Map, then reduce: each batch becomes a partial aggregate in a worker, the partials are merged here as they come
 * back, and only the merged whole is turned into a report (percentile, windows and thresholds need all of it).
 */
export async function analyzeSecurityParallel(
  sources: Sources,
  options: SecurityOptions = {},
): Promise<SecurityReport> {
  const workers = workersOption(options)
  const year = yearOption(options)
  bruteForceOption(options)
  const merged = newAggregate()
  const batches = planBatches(sources, workers)
  if (batches.length > 0) {
    const running = poolOf(workers)
    await Promise.all(
      batches.map(async (batch) => mergeAggregate(merged, await running.run({ batch, year }))),
    )
  }
  return buildReport(merged, options)
}
