import { codecInfo } from '@parlab/jpeg'
import { mkdir } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { Piscina } from 'piscina'
// sharp in the main thread before any worker loads it (sharp issue 2263: libvips unloaded when a worker exits). The
// codec calls it for CMYK images, and for every image where libturbojpeg is missing.
import 'sharp'
import type { ImageBatch } from './greyscale.worker.js'
import {
  listImages,
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

type Pool = Piscina<ImageBatch, (string | undefined)[]>
// One pool, kept alive between calls (the benchmark warms it up); rebuilt only when its size changes.
let pool: Pool | undefined

function poolOf(workers: number): Pool {
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

/** Images per task: a task costs a message each way, so a few images share one; at least four tasks a worker. */
const batchSize = (images: number, workers: number): number =>
  Math.max(1, Math.min(16, Math.ceil(images / (4 * workers))))

/**
 * A pool of worker threads, each with its own libjpeg-turbo handles, converting batches of images; the batches are
 * queued, so a worker that finishes early takes the next one.
 */
export async function greyscaleParallel(
  inputDir: string,
  outputDir: string,
  options: GreyscaleOptions = {},
): Promise<GreyscaleResult> {
  const workers = positiveInteger('workers', options.workers ?? availableParallelism())
  positiveInteger('concurrency', options.concurrency ?? 2 * workers)
  const files = await listImages(inputDir)
  await mkdir(outputDir, { recursive: true })
  codecInfo() // loads the codec here first: a fallback to sharp is said once, from this thread
  const workerPool = poolOf(workers)
  const size = batchSize(files.length, workers)
  const failed: Failure[] = []
  let done = 0
  const batches: string[][] = []
  for (let i = 0; i < files.length; i += size) batches.push(files.slice(i, i + size))
  await Promise.all(
    batches.map(async (batch) => {
      const errors = await workerPool.run({ inputDir, outputDir, files: batch })
      batch.forEach((file, i) => {
        const error = errors[i]
        if (error !== undefined) failed.push({ file, error })
        options.onProgress?.(++done, files.length)
      })
    }),
  )
  return { processed: files.length - failed.length, failed: sortedFailures(failed) }
}
