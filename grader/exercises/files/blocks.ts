// Runs in the child: the files of benchmark samples, written from blocks of whole lines of a data file.
// Node's own modules only.
import { closeSync, openSync, readSync, writeSync } from 'node:fs'

/** Writes blocks `order` of `ranges` (flat [start0, end0, …] byte ranges of whole lines) of `from` into `to`. */
export function writeBlocks(
  from: string,
  ranges: readonly number[],
  order: readonly number[],
  to: string,
): void {
  const input = openSync(from, 'r')
  const output = openSync(to, 'w')
  try {
    let buffer = Buffer.allocUnsafe(1 << 20)
    for (const block of order) {
      const start = ranges[block * 2]!
      const length = ranges[block * 2 + 1]! - start
      if (length > buffer.length) buffer = Buffer.allocUnsafe(length)
      let read = 0
      while (read < length) {
        const n = readSync(input, buffer, read, length - read, start + read)
        if (n === 0) break
        read += n
      }
      writeSync(output, buffer, 0, read)
      // Only a file's last block can lack its final newline; blocks are written whole lines each.
      if (read > 0 && buffer[read - 1] !== 0x0a) writeSync(output, '\n')
    }
  } finally {
    closeSync(input)
    closeSync(output)
  }
}

/**
 * The copy a timed call of a sample gets: the sample's calls take the copies in turn (one per strategy timed on a
 * side), so that no strategy reads bytes another has read. `uses` counts the calls per sample.
 */
export function nextVariant(
  uses: Map<string, number>,
  ref: { sample: number; call: number },
  variants: number,
): number {
  const key = `${ref.sample}:${ref.call}`
  const use = uses.get(key) ?? 0
  uses.set(key, use + 1)
  return use % variants
}
