import { mkdir } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { Piscina } from 'piscina'
// sharp in the main thread before any worker loads it (sharp issue 2263: libvips unloaded when a worker exits).
import 'sharp'
import type { ImageTask } from './greyscale.worker.js'
import {
  listImages,
  pathsOf,
  sortedFailures,
  type Failure,
  type GreyscaleOptions,
  type GreyscaleResult,
} from './images.js'
import { positiveInteger } from './options.js'

const workerFile = new URL(
  import.meta.url.endsWith('.ts') ? './greyscale.worker.ts' : './greyscale.worker.js',
  import.meta.url,
)

// One pool, kept alive between calls (the benchmark warms it up); rebuilt only when its shape changes.
let pool: Piscina<ImageTask, string | undefined> | undefined

function poolOf(workers: number, perWorker: number): Piscina<ImageTask, string | undefined> {
  if (pool?.options.maxThreads !== workers || pool.options.concurrentTasksPerWorker !== perWorker) {
    void pool?.destroy()
    pool = new Piscina({
      filename: workerFile.href,
      minThreads: workers,
      maxThreads: workers,
      concurrentTasksPerWorker: perWorker,
      idleTimeout: 2_000,
    })
  }
  return pool
}

/**
 * A pool of worker threads, one image per task; each worker keeps a few images in flight so that its thread
 * computes one image's luma while sharp decodes or encodes another.
 */
export async function greyscaleParallel(
  inputDir: string,
  outputDir: string,
  options: GreyscaleOptions = {},
): Promise<GreyscaleResult> {
  const workers = positiveInteger('workers', options.workers ?? availableParallelism())
  const concurrency = positiveInteger('concurrency', options.concurrency ?? 2 * workers)
  const files = await listImages(inputDir)
  await mkdir(outputDir, { recursive: true })
  const workerPool = poolOf(workers, Math.max(1, Math.ceil(concurrency / workers)))
  const failed: Failure[] = []
  let done = 0
  await Promise.all(
    files.map(async (file) => {
      const [input, output] = pathsOf(inputDir, outputDir, file)
      const error = await workerPool.run({ input, output })
      if (error !== undefined) failed.push({ file, error })
      options.onProgress?.(++done, files.length)
    }),
  )
  return { processed: files.length - failed.length, failed: sortedFailures(failed) }
}
