import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { renderFace } from './faces.js'
import { imageHeight, imageId, imageWidth, recordOf } from './records.js'

/** The images' own JPEG quality (CelebA's files are high-quality JPEGs with 4:2:0 chroma). */
export const sourceQuality = 90

export interface ImageRange {
  seed: number
  /** Images in the whole data set (the partition and records depend on it). */
  count: number
  /** 1-based, inclusive. */
  from: number
  to: number
  dir: string
}

/** Encodes one record's picture: the same seed and index give the same bytes. */
export function encodeImage(seed: number, index: number, count: number): Promise<Buffer> {
  const rgb = renderFace(seed, recordOf(seed, index, count))
  return sharp(rgb, { raw: { width: imageWidth, height: imageHeight, channels: 3 } })
    .jpeg({ quality: sourceQuality })
    .toBuffer()
}

/** Writes images from..to into dir, two at a time so that drawing (JS) overlaps encoding (libuv pool). */
export async function writeImages(range: ImageRange): Promise<number> {
  let next = range.from
  const lane = async (): Promise<void> => {
    while (next <= range.to) {
      const index = next++
      const jpeg = await encodeImage(range.seed, index, range.count)
      await writeFile(join(range.dir, imageId(index)), jpeg)
    }
  }
  await Promise.all([lane(), lane()])
  return range.to - range.from + 1
}
