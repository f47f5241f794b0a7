// Byte ranges of a plain file that start and end at line boundaries, so that workers can count them apart.
import { closeSync, openSync, readSync } from 'node:fs'

const probeBytes = 64 * 1024

/** The index just after the first newline at or after `from` (or the file's size when there is none). */
function nextLineStart(fd: number, from: number, size: number): number {
  const probe = Buffer.allocUnsafe(probeBytes)
  for (let at = from; at < size;) {
    const read = readSync(fd, probe, 0, Math.min(probeBytes, size - at), at)
    if (read === 0) break
    const newline = probe.indexOf(0x0a)
    if (newline >= 0 && newline < read) return at + newline + 1
    at += read
  }
  return size
}

/**
 * `parts` ranges of about equal size covering [0, size): each cut moved forward to the start of the next line.
 * Ranges that come out empty (lines longer than a range) are left out.
 */
export function lineRanges(path: string, size: number, parts: number): [number, number][] {
  const fd = openSync(path, 'r')
  try {
    const cuts = [0]
    for (let i = 1; i < parts; i++) {
      // A cut at p: the line that holds byte p - 1 ends before the next range starts.
      const p = Math.floor((i * size) / parts)
      cuts.push(Math.max(cuts[cuts.length - 1]!, nextLineStart(fd, Math.max(0, p - 1), size)))
    }
    cuts.push(size)
    const ranges: [number, number][] = []
    for (let i = 0; i + 1 < cuts.length; i++)
      if (cuts[i + 1]! > cuts[i]!) ranges.push([cuts[i]!, cuts[i + 1]!])
    return ranges
  } finally {
    closeSync(fd)
  }
}
