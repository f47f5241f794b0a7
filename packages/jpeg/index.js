// @parlab/jpeg: decode a JPEG to packed RGB and encode greyscale JPEGs, at the codec's own cost per image.
//
// The fast path calls libjpeg-turbo's TurboJPEG API (the system's libturbojpeg) through koffi, a foreign-function
// interface with prebuilt binaries: one decompressor and one compressor handle per thread (or per codec), buffers
// reused, calls synchronous on the calling thread (or on libuv's pool with `offThread`). Where libturbojpeg or
// koffi cannot be loaded, every call goes to sharp instead (slower, about 2 ms an image more here), and the module
// says so once. Plain JavaScript, so that sandboxed children load it from node_modules as it is; types in
// index.d.ts. No top-level await: worker threads may load it through require().
import { Buffer } from 'node:buffer'
import { createRequire } from 'node:module'
import process from 'node:process'
import { getEnvironmentData, isMainThread, setEnvironmentData } from 'node:worker_threads'

const require = createRequire(import.meta.url)

// TurboJPEG 2.x constants (turbojpeg.h); the v2 API is also in libjpeg-turbo 3.x.
const TJPF_RGB = 0
const TJPF_GRAY = 6
const TJSAMP_GRAY = 3
const TJCS_CMYK = 3
const TJCS_YCCK = 4
const TJFLAG_NOREALLOC = 1024
const TJFLAG_ACCURATEDCT = 4096
const TJFLAG_STOPONWARNING = 8192
const TJFLAG_LIMITSCANS = 32768
const TJERR_WARNING = 0
// Accurate (integer, "islow") DCT both ways: the default of libjpeg, so of Pillow; TurboJPEG's own default is the
// fast DCT, whose pixels differ. A warning (a truncated file, say) stops the call: such a file is not converted.
const decodeFlags = TJFLAG_ACCURATEDCT | TJFLAG_STOPONWARNING | TJFLAG_LIMITSCANS
const encodeFlags = TJFLAG_ACCURATEDCT | TJFLAG_NOREALLOC

/** sharp's own limit on input pixels (limitInputPixels), for the same answer on huge images either way. */
const maxPixels = 0x3fff * 0x3fff

/** Where libturbojpeg is looked for, in order; PARLAB_JPEG_LIBRARY names one file instead ('' forces sharp). */
function libraryCandidates() {
  const override = process.env.PARLAB_JPEG_LIBRARY
  if (override !== undefined) return override === '' ? [] : [override]
  switch (process.platform) {
    case 'darwin':
      return [
        '/opt/homebrew/opt/jpeg-turbo/lib/libturbojpeg.dylib',
        '/usr/local/opt/jpeg-turbo/lib/libturbojpeg.dylib',
        '/opt/local/lib/libturbojpeg.dylib',
        'libturbojpeg.dylib',
      ]
    case 'win32':
      return ['turbojpeg.dll']
    default:
      return ['libturbojpeg.so.0', 'libturbojpeg.so']
  }
}

const installHint =
  'install libjpeg-turbo\'s TurboJPEG library for the fast path: Debian "apt install libturbojpeg0", ' +
  'Ubuntu "apt install libturbojpeg", Fedora "dnf install turbojpeg", macOS "brew install jpeg-turbo"'

/** The TurboJPEG functions, bound once per thread; or why they cannot be. */
function bindTurbo() {
  let koffi
  try {
    koffi = require('koffi')
  } catch (error) {
    return { problem: `koffi does not load here (${firstLine(error)})` }
  }
  const candidates = libraryCandidates()
  if (candidates.length === 0) return { problem: 'PARLAB_JPEG_LIBRARY is empty (sharp asked for)' }
  const tried = []
  for (const path of candidates) {
    let lib
    try {
      lib = koffi.load(path)
    } catch (error) {
      tried.push(`${path}: ${firstLine(error)}`)
      continue
    }
    try {
      return { koffi, path, fn: functionsOf(lib) }
    } catch (error) {
      tried.push(`${path}: ${firstLine(error)} (libjpeg-turbo 2.0 or later is needed)`)
    }
  }
  return { problem: `libturbojpeg not found (${tried.join('; ')})` }
}

function functionsOf(lib) {
  return {
    initDecompress: lib.func('void *tjInitDecompress()'),
    initCompress: lib.func('void *tjInitCompress()'),
    destroy: lib.func('int tjDestroy(void *handle)'),
    decompressHeader: lib.func(
      'int tjDecompressHeader3(void *handle, const uint8_t *jpegBuf, unsigned long jpegSize, ' +
        '_Out_ int *width, _Out_ int *height, _Out_ int *jpegSubsamp, _Out_ int *jpegColorspace)',
    ),
    decompress: lib.func(
      'int tjDecompress2(void *handle, const uint8_t *jpegBuf, unsigned long jpegSize, uint8_t *dstBuf, ' +
        'int width, int pitch, int height, int pixelFormat, int flags)',
    ),
    compress: lib.func(
      'int tjCompress2(void *handle, const uint8_t *srcBuf, int width, int pitch, int height, int pixelFormat, ' +
        '_Inout_ uint8_t **jpegBuf, _Inout_ unsigned long *jpegSize, int jpegSubsamp, int jpegQual, int flags)',
    ),
    bufSize: lib.func('unsigned long tjBufSize(int width, int height, int jpegSubsamp)'),
    alloc: lib.func('uint8_t *tjAlloc(int bytes)'),
    free: lib.func('void tjFree(uint8_t *buffer)'),
    errorString: lib.func('const char *tjGetErrorStr2(void *handle)'),
    errorCode: lib.func('int tjGetErrorCode(void *handle)'),
  }
}

const firstLine = (error) => String(error instanceof Error ? error.message : error).split('\n')[0]

/** Why a file could not be read as an image: `code` for programs, `message` for people. */
export class JpegError extends Error {
  constructor(code, message) {
    super(message)
    this.name = 'JpegError'
    this.code = code
  }
}

const jpegStart = [0xff, 0xd8, 0xff]
const hex = (byte) => `0x${byte.toString(16).padStart(2, '0')}`

/** The errors a look at the first bytes finds: an empty file, or one that is not a JPEG. */
function checkStart(jpeg) {
  if (!(jpeg instanceof Uint8Array)) throw new TypeError('expected the JPEG file as a Buffer or Uint8Array')
  if (jpeg.length === 0) throw new JpegError('empty', 'empty file (0 bytes)')
  if (jpeg.length < 3 || jpegStart.some((byte, i) => jpeg[i] !== byte)) {
    const head = Array.from(jpeg.subarray(0, 3), hex).join(' ')
    throw new JpegError(
      'not-jpeg',
      `not a JPEG file (starts with ${head}; a JPEG starts with 0xff 0xd8 0xff)`,
    )
  }
}

/** libjpeg's message, put in words a student reads: a truncated file says so. */
function decodeError(message, warning) {
  const text = message.replace(/^tj\w+\(\):\s*/, '').trim() || 'unknown error'
  if (/premature end|end of file|empty input/i.test(text))
    return new JpegError('truncated', `truncated JPEG: the data ends early (${text})`)
  if (/unsupported|not supported|too large/i.test(text))
    return new JpegError('unsupported', `unsupported JPEG: ${text}`)
  return new JpegError('corrupt', `${warning ? 'damaged' : 'corrupt'} JPEG: ${text}`)
}

function checkSize(width, height) {
  if (width * height > maxPixels)
    throw new JpegError('unsupported', `image too large: ${width}x${height} is over ${maxPixels} pixels`)
}

function checkQuality(quality) {
  if (!Number.isInteger(quality) || quality < 1 || quality > 100)
    throw new RangeError(`quality must be an integer from 1 to 100, got ${String(quality)}`)
  return quality
}

function checkRaster(pixels, width, height, channels, what) {
  if (!(pixels instanceof Uint8Array)) throw new TypeError(`${what}: expected a Uint8Array of pixels`)
  if (
    !Number.isInteger(width) ||
    !Number.isInteger(height) ||
    width < 1 ||
    height < 1 ||
    width > 65535 ||
    height > 65535
  )
    throw new RangeError(`${what}: width and height must be integers from 1 to 65535, got ${width}x${height}`)
  if (pixels.length < width * height * channels)
    throw new RangeError(
      `${what}: ${width}x${height} needs ${width * height * channels} bytes (${channels} a pixel), got ${pixels.length}`,
    )
}

// ---- the fast path: TurboJPEG through koffi ------------------------------------------------------------------

let turbo // bound once per thread, on first use

function turboOf() {
  turbo ??= bindTurbo()
  return turbo
}

class TurboCodec {
  backend = 'libjpeg-turbo'
  #t
  #offThread
  #decoder
  #encoder
  #rgb = new Uint8Array(0)
  #out // native output buffer (tjAlloc) and a view of it
  #outView = new Uint8Array(0)
  #outBox = [null]
  #sizeBox = [0]
  #w = [0]
  #h = [0]
  #subsamp = [0]
  #colorspace = [0]
  #reuse

  constructor(t, offThread, reuse) {
    this.#t = t
    this.#offThread = offThread
    this.#reuse = reuse
    this.#decoder = t.fn.initDecompress()
    this.#encoder = t.fn.initCompress()
    if (!this.#decoder || !this.#encoder) throw new Error('tjInit failed: out of memory?')
  }

  #call(fn, args) {
    if (!this.#offThread) return Promise.resolve(fn(...args))
    return new Promise((resolve, reject) =>
      fn.async(...args, (error, result) => (error ? reject(error) : resolve(result))),
    )
  }

  #failure(handle) {
    const { fn } = this.#t
    return decodeError(fn.errorString(handle) ?? '', fn.errorCode(handle) === TJERR_WARNING)
  }

  async decodeRgb(jpeg) {
    checkStart(jpeg)
    const { fn } = this.#t
    const d = this.#decoder
    if (!d) throw new Error('this codec is closed')
    if (fn.decompressHeader(d, jpeg, jpeg.length, this.#w, this.#h, this.#subsamp, this.#colorspace) !== 0)
      throw this.#failure(d)
    const width = this.#w[0]
    const height = this.#h[0]
    checkSize(width, height)
    // libjpeg-turbo 2.x converts no CMYK to RGB: sharp does (with the file's colour profile).
    if (this.#colorspace[0] === TJCS_CMYK || this.#colorspace[0] === TJCS_YCCK) return sharpDecodeRgb(jpeg)
    const bytes = width * height * 3
    let rgb
    if (this.#reuse) {
      if (this.#rgb.length < bytes) this.#rgb = new Uint8Array(bytes)
      rgb = this.#rgb.subarray(0, bytes)
    } else rgb = Buffer.allocUnsafe(bytes)
    const status = await this.#call(fn.decompress, [
      d,
      jpeg,
      jpeg.length,
      rgb,
      width,
      0,
      height,
      TJPF_RGB,
      decodeFlags,
    ])
    if (status !== 0) throw this.#failure(d)
    return { width, height, data: rgb }
  }

  encodeGreyFromRgb(rgb, width, height, quality = 90) {
    checkRaster(rgb, width, height, 3, 'encodeGreyFromRgb')
    return this.#encode(rgb, width, height, TJPF_RGB, checkQuality(quality))
  }

  encodeGrey(luma, width, height, quality = 90) {
    checkRaster(luma, width, height, 1, 'encodeGrey')
    return this.#encode(luma, width, height, TJPF_GRAY, checkQuality(quality))
  }

  async #encode(pixels, width, height, format, quality) {
    const { fn, koffi } = this.#t
    const c = this.#encoder
    if (!c) throw new Error('this codec is closed')
    const bound = Number(fn.bufSize(width, height, TJSAMP_GRAY))
    if (this.#outView.length < bound) {
      if (this.#out) fn.free(this.#out)
      this.#out = fn.alloc(bound)
      if (!this.#out) throw new Error(`tjAlloc(${bound}) failed: out of memory`)
      this.#outView = new Uint8Array(koffi.view(this.#out, bound))
    }
    this.#outBox[0] = this.#out
    this.#sizeBox[0] = this.#outView.length
    // TJSAMP_GRAY from RGB: libjpeg computes the luma, Y = (19595 R + 38470 G + 7471 B + 32768) >> 16, exactly
    // Pillow's convert("L").
    const args = [
      c,
      pixels,
      width,
      0,
      height,
      format,
      this.#outBox,
      this.#sizeBox,
      TJSAMP_GRAY,
      quality,
      encodeFlags,
    ]
    if ((await this.#call(fn.compress, args)) !== 0)
      throw new Error(`JPEG encode failed: ${fn.errorString(c) ?? 'unknown error'}`)
    return Buffer.from(this.#outView.subarray(0, Number(this.#sizeBox[0])))
  }

  close() {
    const { fn } = this.#t
    if (this.#decoder) fn.destroy(this.#decoder)
    if (this.#encoder) fn.destroy(this.#encoder)
    if (this.#out) fn.free(this.#out)
    this.#decoder = this.#encoder = this.#out = null
    this.#outView = new Uint8Array(0)
  }
}

// ---- the fallback: sharp -------------------------------------------------------------------------------------

let sharpModule

function sharpOf() {
  sharpModule ??= require('sharp')
  return sharpModule
}

async function sharpDecodeRgb(jpeg) {
  let decoded
  try {
    decoded = await sharpOf()(jpeg).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  } catch (error) {
    throw decodeError(firstLine(error), false)
  }
  const { data, info } = decoded
  checkSize(info.width, info.height)
  if (info.channels === 3) return { width: info.width, height: info.height, data }
  // A greyscale JPEG decodes to one channel: R = G = B.
  const rgb = Buffer.allocUnsafe(data.length * 3)
  for (let i = 0; i < data.length; i++) rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = data[i]
  return { width: info.width, height: info.height, data: rgb }
}

/** ITU-R 601-2 luma with libjpeg's (and Pillow's) fixed-point weights. */
function luma601(rgb, pixels) {
  const grey = Buffer.allocUnsafe(pixels)
  for (let i = 0, j = 0; i < pixels; i++, j += 3)
    grey[i] = (rgb[j] * 19595 + rgb[j + 1] * 38470 + rgb[j + 2] * 7471 + 0x8000) >>> 16
  return grey
}

class SharpCodec {
  backend = 'sharp'

  async decodeRgb(jpeg) {
    checkStart(jpeg)
    return sharpDecodeRgb(jpeg)
  }

  async encodeGreyFromRgb(rgb, width, height, quality = 90) {
    checkRaster(rgb, width, height, 3, 'encodeGreyFromRgb')
    return this.#encode(luma601(rgb, width * height), width, height, checkQuality(quality))
  }

  async encodeGrey(luma, width, height, quality = 90) {
    checkRaster(luma, width, height, 1, 'encodeGrey')
    return this.#encode(luma, width, height, checkQuality(quality))
  }

  #encode(luma, width, height, quality) {
    const pixels = luma.subarray(0, width * height)
    return sharpOf()(pixels, { raw: { width, height, channels: 1 } })
      .toColourspace('b-w')
      .jpeg({ quality, optimiseCoding: false })
      .toBuffer()
  }

  close() {}
}

// ---- what the module offers ----------------------------------------------------------------------------------

const warnedKey = 'parlab-jpeg:fallback-said'
let said = false

/** Says once (per process: worker threads started after the main thread said it stay quiet) that sharp is used. */
function sayFallback(problem) {
  if (said || getEnvironmentData(warnedKey)) return
  said = true
  if (isMainThread) setEnvironmentData(warnedKey, true)
  process.stderr.write(
    `@parlab/jpeg: ${problem}; using sharp instead, several times slower per image. To fix, ${installHint}.\n`,
  )
}

/**
 * Which path this thread's codecs take: libjpeg-turbo (with the library's path) or sharp (with the reason, also said
 * once on stderr). Loads the library on first call: a main thread that calls it before starting workers says a
 * fallback once for all of them.
 */
export function codecInfo() {
  const t = turboOf()
  if (t.problem === undefined) return { backend: 'libjpeg-turbo', library: t.path }
  sayFallback(t.problem)
  return { backend: 'sharp', fallbackReason: t.problem }
}

/**
 * A codec of its own: TurboJPEG handles and buffers that no other codec shares. `offThread: true` runs each
 * decode and encode on libuv's thread pool (several codecs then work at once from one thread); otherwise calls
 * run synchronously on the calling thread. `decodeRgb`'s pixels are this codec's buffer, valid until its next
 * decode.
 */
export function createCodec(options = {}) {
  const t = turboOf()
  if (t.problem !== undefined) {
    sayFallback(t.problem)
    return new SharpCodec()
  }
  return new TurboCodec(t, options.offThread === true, true)
}

let shared // this thread's codec for the functions below: fresh pixels every call, so safe to use from anywhere

function sharedCodec() {
  if (!shared) {
    const t = turboOf()
    if (t.problem !== undefined) {
      sayFallback(t.problem)
      shared = new SharpCodec()
    } else shared = new TurboCodec(t, false, false)
  }
  return shared
}

/** Decodes a JPEG file's bytes to packed RGB (r, g, b, r, g, b, …), the pixels Pillow decodes. */
export const decodeRgb = (jpeg) => sharedCodec().decodeRgb(jpeg)

/** Encodes packed RGB as a one-channel JPEG; the encoder computes the 601-2 luma (Pillow's convert("L")). */
export const encodeGreyFromRgb = (rgb, width, height, quality) =>
  sharedCodec().encodeGreyFromRgb(rgb, width, height, quality)

/** Encodes one byte per pixel (a luma you computed) as a one-channel JPEG. */
export const encodeGrey = (luma, width, height, quality) =>
  sharedCodec().encodeGrey(luma, width, height, quality)
