// A CelebA-shaped data set: img_align_celeba/img_align_celeba/000001.jpg … and the four CSVs, from a seed.
import { mkdirSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { Piscina } from 'piscina'
// Loaded here, in the main thread, before any worker loads it (sharp issue 2263).
import 'sharp'
import type { DataSize } from '../../../grader/types.js'
import type { DatasetGenerator, GenerateOptions } from '../types.js'
import { writeCsvFiles } from './csv-files.js'
import { writeImages, type ImageRange } from './images.js'
import { celebaImageCount } from './records.js'

export const imagesFolder = join('img_align_celeba', 'img_align_celeba')

export const imageCounts: Record<DataSize, number> = { tiny: 40, small: 2_000, full: celebaImageCount }

const workerFile = new URL(
  import.meta.url.endsWith('.ts') ? './images.worker.ts' : './images.worker.js',
  import.meta.url,
)
// Below this, starting a pool costs more than it saves.
const poolThreshold = 500
const imagesPerTask = 250

async function writeImagesInParallel(
  range: ImageRange,
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  const threads = availableParallelism()
  const pool = new Piscina<ImageRange, number>({
    filename: workerFile.href,
    minThreads: threads,
    maxThreads: threads,
  })
  let done = 0
  try {
    const tasks: Promise<void>[] = []
    for (let from = range.from; from <= range.to; from += imagesPerTask) {
      const to = Math.min(range.to, from + imagesPerTask - 1)
      tasks.push(
        pool.run({ ...range, from, to }).then((written) => {
          done += written
          onProgress?.(done, range.count)
        }),
      )
    }
    await Promise.all(tasks)
  } finally {
    await pool.destroy()
  }
}

export const celebaGenerator: DatasetGenerator = {
  describe: (size) =>
    `${imageCounts[size].toLocaleString('en-US')} CelebA-shaped 178x218 JPEGs and the four CelebA CSVs`,
  async generate({ size, seed, dir, onProgress }: GenerateOptions) {
    const count = imageCounts[size]
    const imagesDir = join(dir, imagesFolder)
    mkdirSync(imagesDir, { recursive: true })
    await writeCsvFiles(dir, seed, count)
    const range = { seed, count, from: 1, to: count, dir: imagesDir }
    if (count < poolThreshold) {
      await writeImages(range)
      onProgress?.(count, count)
    } else {
      await writeImagesInParallel(range, onProgress)
    }
  },
}
