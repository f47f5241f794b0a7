// Renders and encodes a range of CelebA-shaped images on a worker thread (piscina). Loaded through piscina's
// require() path under tsx, so no top-level await here.
import { writeImages, type ImageRange } from './images.js'

export default function renderRange(range: ImageRange): Promise<number> {
  return writeImages(range)
}
