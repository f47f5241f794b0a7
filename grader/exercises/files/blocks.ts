// Runs in the child: writes blocks of whole lines of a file, in a given order, into a new file (a benchmark sample).
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
