import { mkdir, readFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import {
  convertImage,
  listImages,
  pathsOf,
  reasonOf,
  sortedFailures,
  type Failure,
  type GreyscaleOptions,
  type GreyscaleResult,
} from './images.js'
import { positiveInteger } from './options.js'

/**
 * Several images in flight at once on one thread: while one waits for sharp (libuv's thread pool) or the disk,
 * the next one starts. `concurrency` lanes each take the next image until none is left.
 */
export async function greyscaleConcurrent(
  inputDir: string,
  outputDir: string,
  options: GreyscaleOptions = {},
): Promise<GreyscaleResult> {
  const workers = positiveInteger('workers', options.workers ?? availableParallelism())
  const concurrency = positiveInteger('concurrency', options.concurrency ?? 2 * workers)
  const files = await listImages(inputDir)
  await mkdir(outputDir, { recursive: true })
  const failed: Failure[] = []
  let next = 0
  let done = 0
  const lane = async (): Promise<void> => {
    while (next < files.length) {
      const file = files[next++]!
      const [input, output] = pathsOf(inputDir, outputDir, file)
      try {
        await convertImage(await readFile(input), output)
      } catch (error) {
        failed.push({ file, error: await reasonOf(input, error) })
      }
      options.onProgress?.(++done, files.length)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, lane))
  return { processed: files.length - failed.length, failed: sortedFailures(failed) }
}
