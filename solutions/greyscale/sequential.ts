import { readFileSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
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

/** One image at a time, start to finish, as the course's loop did; a corrupt image is reported and skipped. */
export async function greyscaleSequential(
  inputDir: string,
  outputDir: string,
  options: GreyscaleOptions = {},
): Promise<GreyscaleResult> {
  const files = await listImages(inputDir)
  await mkdir(outputDir, { recursive: true })
  const failed: Failure[] = []
  let done = 0
  for (const file of files) {
    const [input, output] = pathsOf(inputDir, outputDir, file)
    try {
      await convertImage(readFileSync(input), output)
    } catch (error) {
      failed.push({ file, error: await reasonOf(input, error) })
    }
    options.onProgress?.(++done, files.length)
  }
  return { processed: files.length - failed.length, failed: sortedFailures(failed) }
}
