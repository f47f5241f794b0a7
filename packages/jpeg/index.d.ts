/** Packed RGB pixels: r, g, b, r, g, b, … row after row, `width * height * 3` bytes. */
export interface RgbImage {
  width: number
  height: number
  data: Uint8Array
}

export type JpegErrorCode = 'empty' | 'not-jpeg' | 'truncated' | 'corrupt' | 'unsupported'

/** Why a file could not be read as an image: `code` for programs, `message` for people. */
export class JpegError extends Error {
  readonly code: JpegErrorCode
  constructor(code: JpegErrorCode, message: string)
}

export type CodecInfo =
  { backend: 'libjpeg-turbo'; library: string } | { backend: 'sharp'; fallbackReason: string }

export interface JpegCodec {
  readonly backend: 'libjpeg-turbo' | 'sharp'
  /**
   * Decodes a JPEG file's bytes to packed RGB, the pixels Pillow decodes (a greyscale JPEG gives R = G = B).
   * Rejects with a JpegError for an empty, truncated, corrupt or non-JPEG file. From a codec of createCodec(), the
   * pixels are the codec's own buffer, valid until its next decodeRgb.
   */
  decodeRgb(jpeg: Uint8Array): Promise<RgbImage>
  /**
   * Packed RGB to a one-channel JPEG (quality 1–100, default 90): the encoder computes the luma with Pillow's
   * fixed-point 601-2 weights, so the file equals Pillow's `convert("L").save(quality=…)` byte for byte.
   */
  encodeGreyFromRgb(rgb: Uint8Array, width: number, height: number, quality?: number): Promise<Buffer>
  /** One byte per pixel (a luma computed elsewhere) to a one-channel JPEG (quality 1–100, default 90). */
  encodeGrey(luma: Uint8Array, width: number, height: number, quality?: number): Promise<Buffer>
  /** Frees the codec's handles and buffers (a thread's codecs are freed when it ends anyway). */
  close(): void
}

/** Which path this thread's codecs take; loads libturbojpeg on first call. */
export function codecInfo(): CodecInfo

/**
 * A codec with TurboJPEG handles and buffers of its own. By default each call runs synchronously on the calling
 * thread (the promise is settled when it returns); with `offThread: true` it runs on libuv's thread pool, so that
 * several codecs — one per image in flight — work at once from one JavaScript thread. Never use one codec for two
 * images at a time.
 */
export function createCodec(options?: { offThread?: boolean }): JpegCodec

/** This thread's shared codec, synchronous, fresh pixels on every call. */
export function decodeRgb(jpeg: Uint8Array): Promise<RgbImage>
export function encodeGreyFromRgb(
  rgb: Uint8Array,
  width: number,
  height: number,
  quality?: number,
): Promise<Buffer>
export function encodeGrey(luma: Uint8Array, width: number, height: number, quality?: number): Promise<Buffer>
