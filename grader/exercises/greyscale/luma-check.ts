// toGreyscale against the grader's exact luma on the colour grid, naming the shortcut behind a miss.
import type { ValueCheck } from '../definition.js'
import { lumaGrid, shortcutBehind } from './luma-cases.js'
import { exactLuma } from './pixels.js'

export const lumaExact: ValueCheck = {
  kind: 'value',
  args: () => [{ kind: 'value', value: lumaGrid() }],
  expected: () => exactLuma(lumaGrid()),
  judge: (received, expected) => {
    const want = expected as Uint8Array
    if (!(received instanceof Uint8Array))
      return { passed: false, message: 'toGreyscale must return a Uint8Array' }
    if (received.length !== want.length) {
      return {
        passed: false,
        message: `expected ${want.length} bytes (one per pixel), received ${received.length}`,
      }
    }
    const wrong = want.findIndex((value, i) => received[i] !== value)
    if (wrong < 0) return { passed: true }
    const rgb = lumaGrid()
    const misses = want.filter((value, i) => received[i] !== value).length
    const [r, g, b] = [rgb[3 * wrong], rgb[3 * wrong + 1], rgb[3 * wrong + 2]]
    const shortcut = shortcutBehind(rgb, received)
    return {
      passed: false,
      message: `${misses} of ${want.length} colours differ from Pillow's convert("L"); the first: RGB(${r}, ${g}, ${b}) should give ${want[wrong]}, received ${received[wrong]}`,
      ...(shortcut ? { hint: shortcut.hint } : {}),
    }
  },
}
