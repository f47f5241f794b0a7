import { availableParallelism } from 'node:os'
import { Piscina } from 'piscina'
import { positiveInteger, splitEvenly } from './sum-range.js'
import type { SumTask } from './sum.worker.js'

const workerFile = new URL(
  import.meta.url.endsWith('.ts') ? './sum.worker.ts' : './sum.worker.js',
  import.meta.url,
)

// One pool, kept alive between calls (the benchmark warms it up); rebuilt only when the worker count changes.
let pool: Piscina<SumTask, number> | undefined

function poolOf(workers: number): Piscina<SumTask, number> {
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
