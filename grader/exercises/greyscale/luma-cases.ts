// Colours for the toGreyscale check: a grid spanning the RGB cube, plus the colours where the usual
// shortcuts part from Pillow's fixed-point formula, so that each shortcut is caught and named.
import { exactLuma } from './pixels.js'

const plainRound = (r: number, g: number, b: number): number => Math.round(0.299 * r + 0.587 * g + 0.114 * b)
const truncated = (r: number, g: number, b: number): number => Math.floor(0.299 * r + 0.587 * g + 0.114 * b)
const rec709 = (r: number, g: number, b: number): number => Math.round(0.2126 * r + 0.7152 * g + 0.0722 * b)
const average = (r: number, g: number, b: number): number => Math.round((r + g + b) / 3)

export const shortcuts = [
  {
    name: 'plain round',
    of: plainRound,
    hint: 'Math.round(0.299 R + 0.587 G + 0.114 B) is not what Pillow computes: its weights are 19595, 38470 and 7471 out of 65536 (0.2989960…, 0.5870056…, 0.1139984…), rounded half up in integers: (R*19595 + G*38470 + B*7471 + 0x8000) >> 16. The two differ on some colours.',
  },
  {
    name: 'truncated',
    of: truncated,
    hint: 'The luma was truncated, not rounded: add 0x8000 (half of 65536) before the shift, as Pillow does.',
  },
  {
    name: 'Rec.709',
    of: rec709,
    hint: 'These are Rec.709 weights (0.2126, 0.7152, 0.0722), the ones behind sharp’s greyscale(); Pillow’s convert("L") uses ITU-R 601-2 (0.299, 0.587, 0.114).',
  },
  {
    name: 'average',
    of: average,
    hint: 'An average of R, G and B is not luma: the eye weighs green most and blue least (601-2: 0.299, 0.587, 0.114).',
  },
] as const

/** Packed RGB: a 16-step grid over the cube (17³ colours, 0 and 255 included) and every shortcut's first misses. */
export function lumaGrid(): Uint8Array {
  const colours: number[] = []
  const steps = Array.from({ length: 17 }, (_, i) => Math.min(255, i * 16))
  for (const r of steps) for (const g of steps) for (const b of steps) colours.push(r, g, b)
  for (const shortcut of shortcuts) {
    let found = 0
    for (let c = 0; c < 1 << 24 && found < 8; c += 7919) {
      const [r, g, b] = [c >> 16, (c >> 8) & 255, c & 255]
      if (shortcut.of(r, g, b) !== exactLuma(new Uint8Array([r, g, b]))[0]) {
        colours.push(r, g, b)
        found++
      }
    }
  }
  return new Uint8Array(colours)
}

/** The shortcut that gives exactly these values, if one does. */
export function shortcutBehind(
  rgb: Uint8Array,
  received: Uint8Array,
): (typeof shortcuts)[number] | undefined {
  return shortcuts.find((shortcut) =>
    received.every((value, i) => value === shortcut.of(rgb[3 * i]!, rgb[3 * i + 1]!, rgb[3 * i + 2]!)),
  )
}
