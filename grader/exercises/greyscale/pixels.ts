// The grader's own 601-2 luma and how far a written greyscale image may stray from it. The limits were measured
// (exercises/greyscale/README.md): the reference's q90 outputs of 2,000 generated images differ from the exact
// luma by at most 0.30 on average per image, 18 at worst on a pixel, and are unbiased (|mean signed| ≤ 0.024).

export const tolerance = {
  /** Per image, mean |output − exact luma|. */
  meanAbs: 1,
  /** Per image, largest |output − exact luma| on any pixel. */
  maxAbs: 32,
  /** Per image, |mean (output − exact luma)|: a wrong formula shows here even when JPEG noise hides it elsewhere. */
  bias: 0.25,
  /** Largest difference between the channels of a three-channel output for it to count as grey. */
  channelSpread: 3,
}

/** Pillow's convert("L") of packed RGB: (R·19595 + G·38470 + B·7471 + 0x8000) >> 16. */
export function exactLuma(rgb: Uint8Array, channels = 3): Uint8Array {
  const pixels = rgb.length / channels
  const grey = new Uint8Array(pixels)
  for (let i = 0, j = 0; i < pixels; i++, j += channels) {
    grey[i] =
      channels < 3 ? rgb[j]! : (rgb[j]! * 19595 + rgb[j + 1]! * 38470 + rgb[j + 2]! * 7471 + 0x8000) >>> 16
  }
  return grey
}

export interface PixelStats {
  meanAbs: number
  maxAbs: number
  meanSigned: number
  /** Largest spread between channels (0 for one channel). */
  channelSpread: number
}

/** Compares decoded output pixels (1 or more channels; the first is the grey) with the expected luma. */
export function compareGrey(output: Uint8Array, channels: number, expected: Uint8Array): PixelStats {
  let abs = 0
  let signed = 0
  let maxAbs = 0
  let spread = 0
  for (let i = 0, j = 0; i < expected.length; i++, j += channels) {
    const d = output[j]! - expected[i]!
    abs += Math.abs(d)
    signed += d
    if (Math.abs(d) > maxAbs) maxAbs = Math.abs(d)
    for (let c = 1; c < channels && c < 3; c++)
      spread = Math.max(spread, Math.abs(output[j + c]! - output[j]!))
  }
  const n = Math.max(1, expected.length)
  return { meanAbs: abs / n, maxAbs, meanSigned: signed / n, channelSpread: spread }
}

/** Why these pixels are not close enough to the exact luma, or undefined when they are. */
export function pixelProblem(stats: PixelStats): string | undefined {
  const over: string[] = []
  if (stats.meanAbs > tolerance.meanAbs)
    over.push(`mean |difference| ${stats.meanAbs.toFixed(2)} > ${tolerance.meanAbs}`)
  if (stats.maxAbs > tolerance.maxAbs) over.push(`max |difference| ${stats.maxAbs} > ${tolerance.maxAbs}`)
  if (Math.abs(stats.meanSigned) > tolerance.bias) {
    over.push(`mean signed difference ${stats.meanSigned.toFixed(2)} (bias) beyond ±${tolerance.bias}`)
  }
  return over.length > 0 ? over.join(', ') : undefined
}

export const describeStats = (s: PixelStats): string =>
  `mean |difference| ${s.meanAbs.toFixed(2)}, max ${s.maxAbs}, mean signed ${s.meanSigned.toFixed(2)}`
