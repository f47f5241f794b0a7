// What the three strategies share: which files are images, and how one image becomes greyscale.
import { open, readdir } from 'node:fs/promises'
import { extname, join } from 'node:path'
import sharp from 'sharp'
import { toGreyscale } from './luma.js'

/** The exercise's fixed output quality (exercises/greyscale/README.md). */
export const jpegQuality = 90

export interface GreyscaleOptions {
  workers?: number
  concurrency?: number
  onProgress?: (done: number, total: number) => void
}

export interface Failure {
  file: string
  error: string
}

export interface GreyscaleResult {
  processed: number
  failed: Failure[]
}

const imageExtensions = new Set(['.jpg', '.jpeg'])

/** The .jpg/.jpeg files (any case) directly in dir, hidden ones skipped, sorted by name. */
export async function listImages(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true })
  return entries
    .filter(
      (e) => e.isFile() && !e.name.startsWith('.') && imageExtensions.has(extname(e.name).toLowerCase()),
    )
    .map((e) => e.name)
    .sort()
}

/**
 * Decodes to packed RGB (the same bytes Pillow decodes), applies the luma, encodes one channel. The file is read
 * by the caller: from a buffer, sharp's decode skips a file open in its pipeline (about 0.25 ms an image here).
 */
export async function convertImage(input: Buffer, outputPath: string): Promise<void> {
  const { data, info } = await sharp(input).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  const rgb = info.channels === 3 ? data : expandGrey(data)
  await sharp(toGreyscale(rgb), { raw: { width: info.width, height: info.height, channels: 1 } })
    .toColourspace('b-w')
    // Huffman optimisation costs a quarter of the encode for 1-2% smaller files.
    .jpeg({ quality: jpegQuality, optimiseCoding: false })
    .toFile(outputPath)
}

// A greyscale JPEG decodes to one channel; the luma of R=G=B is that value, so the formula still applies.
function expandGrey(grey: Uint8Array): Uint8Array {
  const rgb = new Uint8Array(grey.length * 3)
  for (let i = 0; i < grey.length; i++) rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = grey[i]!
  return rgb
}

const jpegStart = Buffer.from([0xff, 0xd8, 0xff])

/** Why an image could not be converted, in words: sharp says "unsupported image format" for an empty file too. */
export async function reasonOf(inputPath: string, error: unknown): Promise<string> {
  const message = (error instanceof Error ? error.message : String(error)).trim() || 'unknown error'
  try {
    const head = Buffer.alloc(3)
    const file = await open(inputPath)
    try {
      const { bytesRead } = await file.read(head, 0, 3, 0)
      if (bytesRead === 0) return 'empty file (0 bytes)'
      if (!head.subarray(0, bytesRead).equals(jpegStart)) return `not a JPEG file (${message})`
    } finally {
      await file.close()
    }
  } catch {
    // unreadable: sharp's own message says enough
  }
  return message
}

export function sortedFailures(failed: Failure[]): Failure[] {
  return failed.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
}

export const pathsOf = (inputDir: string, outputDir: string, file: string): [string, string] => [
  join(inputDir, file),
  join(outputDir, file),
]
