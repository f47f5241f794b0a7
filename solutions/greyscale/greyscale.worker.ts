// A batch of images per task, on a worker thread with libjpeg-turbo handles of its own: the codec's calls run
// synchronously here, so the thread is busy with pixels, not with hops. Loaded through piscina's require() path
// under tsx, so no top-level await here.
import { createCodec } from '@parlab/jpeg'
import { readFileSync, writeFileSync } from 'node:fs'
import { greyJpeg, pathsOf, reasonOf } from './images.js'

export interface ImageBatch {
  inputDir: string
  outputDir: string
  files: string[]
}

// This thread's codec, made once when the worker starts.
const codec = createCodec()

/** For each file of the batch, undefined when its image was written, else why it was not. */
export default async function convert({
  inputDir,
  outputDir,
  files,
}: ImageBatch): Promise<(string | undefined)[]> {
  const errors: (string | undefined)[] = []
  for (const file of files) {
    const [input, output] = pathsOf(inputDir, outputDir, file)
    try {
      writeFileSync(output, await greyJpeg(codec, readFileSync(input)))
      errors.push(undefined)
    } catch (error) {
      errors.push(reasonOf(error))
    }
  }
  return errors
}
