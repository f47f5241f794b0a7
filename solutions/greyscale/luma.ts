/**
 * ITU-R 601-2 luma exactly as Pillow's convert("L") computes it: fixed-point weights 19595, 38470 and 7471
 * (0.299, 0.587 and 0.114 scaled by 2^16, summing to 65536), rounded half up. Packed RGB in, one byte per pixel out.
 */
export function toGreyscale(rgb: Uint8Array): Uint8Array {
  if (rgb.length % 3 !== 0) {
    throw new RangeError(`toGreyscale: expected packed RGB (a multiple of 3 bytes), got ${rgb.length} bytes`)
  }
  const pixels = rgb.length / 3
  const grey = new Uint8Array(pixels)
  for (let i = 0, j = 0; i < pixels; i++, j += 3) {
    grey[i] = (rgb[j]! * 19595 + rgb[j + 1]! * 38470 + rgb[j + 2]! * 7471 + 0x8000) >>> 16
  }
  return grey
}
