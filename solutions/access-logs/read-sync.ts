// Reads a plain file, or a byte range of one, synchronously in large blocks, and counts its lines. A line that
// does not fit in the block is kept and completed by the next read; memory stays at one block (plus a longer line).
import { closeSync, openSync, readSync } from 'node:fs'
import type { LogCounter } from './log-counter.js'

export const blockBytes = 1 << 20

/** Counts the lines of bytes [start, end) of the file (end: its size, or Infinity); start must begin a line. */
export function countRangeSync(path: string, counter: LogCounter, start = 0, end = Infinity): void {
  const fd = openSync(path, 'r')
  try {
    let block = Buffer.allocUnsafe(blockBytes)
    let kept = 0
    let position = start
    for (;;) {
      const wanted = Math.min(block.length - kept, end - position)
      const read = wanted > 0 ? readSync(fd, block, kept, wanted, position) : 0
      position += read
      const filled = kept + read
      if (read === 0) {
        // The file's last line has no newline: it is a line all the same.
        if (filled > 0) counter.line(block, 0, filled)
        return
      }
      const lastNewline = block.lastIndexOf(0x0a, filled - 1)
      if (lastNewline < 0) {
        if (filled === block.length) {
          const longer = Buffer.allocUnsafe(block.length * 2)
          block.copy(longer, 0, 0, filled)
          block = longer
        }
        kept = filled
        continue
      }
      counter.lines(block, 0, lastNewline + 1)
      kept = filled - lastNewline - 1
      block.copy(block, 0, lastNewline + 1, filled)
    }
  } finally {
    closeSync(fd)
  }
}
