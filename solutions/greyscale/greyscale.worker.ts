// One image per task, on a worker thread: the luma runs here, off the main thread, and sharp's work goes to the
// shared libuv pool. Loaded through piscina's require() path under tsx, so no top-level await here.
import { readFileSync } from 'node:fs'
import { convertImage, reasonOf } from './images.js'

export interface ImageTask {
  input: string
  output: string
}

/** undefined when the image was written, else why it was not. */
export default async function convert({ input, output }: ImageTask): Promise<string | undefined> {
  try {
    await convertImage(readFileSync(input), output)
    return undefined
  } catch (error) {
    return await reasonOf(input, error)
  }
}
