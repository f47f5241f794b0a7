// What the three strategies share: which files are images, and how one image becomes greyscale.
import type { JpegCodec } from '@parlab/jpeg'
import { readdir } from 'node:fs/promises'
import { extname, join } from 'node:path'

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
 * One JPEG file's bytes to its greyscale JPEG: decoded to packed RGB (the pixels Pillow decodes), then encoded with
 * one channel, the encoder computing the 601-2 luma with the same fixed-point weights as toGreyscale (luma.ts) and
 * Pillow's convert("L"): with libjpeg-turbo, the file Pillow writes, byte for byte.
 */
export async function greyJpeg(codec: JpegCodec, jpeg: Uint8Array): Promise<Buffer> {
  const { data, width, height } = await codec.decodeRgb(jpeg)
  return codec.encodeGreyFromRgb(data, width, height, jpegQuality)
}

/** Why an image was not converted: the codec's reason (empty, not a JPEG, truncated, corrupt) or the file system's. */
export const reasonOf = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).trim() || 'unknown error'

export function sortedFailures(failed: Failure[]): Failure[] {
  return failed.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
}

export const pathsOf = (inputDir: string, outputDir: string, file: string): [string, string] => [
  join(inputDir, file),
  join(outputDir, file),
]
