import { availableParallelism } from 'node:os'
import { Piscina } from 'piscina'
import { positiveInteger, splitEvenly } from './sum-range.js'
import type { SumTask } from './sum.worker.js'

const workerFile = new URL(
  import.meta.url.endsWith('.ts') ? './sum.worker.ts' : './sum.worker.js',
  import.meta.url,
)

// One pool per worker count, kept alive between calls (the benchmark warms it up). Destroying a pool whose threads
// are still starting, to build one of another size, costs half a second and risks an abort on Node 20.
const pools = new Map<number, Piscina<SumTask, number>>()

function poolOf(workers: number): Piscina<SumTask, number> {
  let pool = pools.get(workers)
  if (!pool) {
    pool = new Piscina({
      filename: workerFile.href,
      minThreads: workers,
      maxThreads: workers,
      // Threads live as long as the process (2^31 - 1 ms is the longest timer Node runs as asked).
      idleTimeout: 2 ** 31 - 1,
    })
    pools.set(workers, pool)
  }
  return pool
}

function shared(values: Float64Array): Float64Array {
  if (values.buffer instanceof SharedArrayBuffer) return values
  const copy = new Float64Array(new SharedArrayBuffer(values.byteLength))
  copy.set(values)
  return copy
}

export async function parallelSum(values: Float64Array, options: { workers?: number } = {}): Promise<number> {
  const workers = positiveInteger('workers', options.workers ?? availableParallelism())
  if (values.length === 0) return 0
  const input = shared(values)
  const { buffer, byteOffset, length } = input
  const partials = await Promise.all(
    splitEvenly(length, workers).map(([start, end]) =>
      poolOf(workers).run({ buffer: buffer as SharedArrayBuffer, byteOffset, length, start, end }),
    ),
  )
  return partials.reduce((total, partial) => total + partial, 0)
}
