/**
 * Pillow's convert("L"): ITU-R 601-2 luma of each pixel of packed RGB (r, g, b, r, g, b, …), one byte per pixel.
 * Exactly L = (R * 19595 + G * 38470 + B * 7471 + 0x8000) >> 16 (see exercises/greyscale/README.md).
 */
export function toGreyscale(rgb: Uint8Array): Uint8Array {
  void rgb
  throw new Error(
    'not implemented yet: toGreyscale in exercises/greyscale/luma.ts (see exercises/greyscale/README.md)',
  )
}
