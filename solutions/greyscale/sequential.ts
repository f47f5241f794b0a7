import { createCodec, type JpegCodec } from '@parlab/jpeg'
import { readFileSync, writeFileSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import {
  greyJpeg,
  listImages,
  pathsOf,
  reasonOf,
  sortedFailures,
  type Failure,
  type GreyscaleOptions,
  type GreyscaleResult,
} from './images.js'

// One codec for every call: its libjpeg-turbo handles and buffers are made once, not once an image.
let codec: JpegCodec | undefined

/**
 * One image at a time, start to finish (read, decode, luma, encode, write), as the course's loop did; a corrupt
 * image is reported and skipped. The codec's calls run synchronously on this thread: nothing to wait for.
 */
export async function greyscaleSequential(
  inputDir: string,
  outputDir: string,
  options: GreyscaleOptions = {},
): Promise<GreyscaleResult> {
  const files = await listImages(inputDir)
  await mkdir(outputDir, { recursive: true })
  codec ??= createCodec()
  const failed: Failure[] = []
  let done = 0
  for (const file of files) {
    const [input, output] = pathsOf(inputDir, outputDir, file)
    try {
      writeFileSync(output, await greyJpeg(codec, readFileSync(input)))
    } catch (error) {
      failed.push({ file, error: reasonOf(error) })
    }
    options.onProgress?.(++done, files.length)
  }
  return { processed: files.length - failed.length, failed: sortedFailures(failed) }
}
