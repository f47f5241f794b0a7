// Reading files line by line without holding them whole (a full-size access log is larger than a V8 string).
import { closeSync, openSync, readFileSync, readSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'

export const isGzip = (path: string): boolean => path.endsWith('.gz')

const blockBytes = 4 << 20

/** The text of a whole file, gunzipped when its name ends in .gz. */
export function readText(path: string): string {
  const bytes = readFileSync(path)
  return (isGzip(path) ? gunzipSync(bytes) : bytes).toString('utf8')
}

/** A CloudTrail file's text, or undefined when it is a .gz that does not decompress (a malformed file, not a crash). */
export function readAuditText(path: string): string | undefined {
  const bytes = readFileSync(path)
  if (!isGzip(path)) return bytes.toString('utf8')
  try {
    return gunzipSync(bytes).toString('utf8')
  } catch {
    return undefined
  }
}

/** Calls onLine for each line of text (\n or \r\n; a final newline does not start another line). */
export function forEachLineOfText(text: string, onLine: (line: string) => void): void {
  let start = 0
  while (start < text.length) {
    let end = text.indexOf('\n', start)
    const next = end < 0 ? text.length : end + 1
    if (end < 0) end = text.length
    onLine(
      text.charCodeAt(end - 1) === 13 && end > start ? text.slice(start, end - 1) : text.slice(start, end),
    )
    start = next
  }
}

/** Each line of bytes [start, end) of a plain file, decoded as UTF-8; start and end must be line boundaries. */
export function forEachLineOfRange(
  path: string,
  start: number,
  end: number,
  onLine: (line: string) => void,
): void {
  const fd = openSync(path, 'r')
  try {
    let buffer = Buffer.allocUnsafe(blockBytes)
    let kept = 0
    for (let position = start; position < end || kept > 0;) {
      const wanted = Math.min(buffer.length - kept, end - position)
      const read = wanted > 0 ? readSync(fd, buffer, kept, wanted, position) : 0
      position += read
      const filled = kept + read
      const atEnd = read === 0 || position >= end
      const last = buffer.lastIndexOf(0x0a, filled - 1)
      if (last < 0 && !atEnd) {
        // A line longer than the buffer: grow it and read on.
        const bigger = Buffer.allocUnsafe(buffer.length * 2)
        buffer.copy(bigger, 0, 0, filled)
        buffer = bigger
        kept = filled
        continue
      }
      const cut = atEnd ? filled : last + 1
      forEachLineOfText(buffer.toString('utf8', 0, cut), onLine)
      buffer.copy(buffer, 0, cut, filled)
      kept = filled - cut
      if (atEnd && kept === 0) break
    }
  } finally {
    closeSync(fd)
  }
}

/** Each line of a file, plain or .gz. */
export function forEachLine(path: string, size: number, onLine: (line: string) => void): void {
  if (isGzip(path)) forEachLineOfText(readText(path), onLine)
  else forEachLineOfRange(path, 0, size, onLine)
}

/** `parts` byte ranges of a plain file, each cut moved forward to just after the next newline. */
export function lineRanges(path: string, size: number, parts: number): [number, number][] {
  const cuts = [0]
  const fd = openSync(path, 'r')
  try {
    const probe = Buffer.allocUnsafe(64 * 1024)
    for (let i = 1; i < parts; i++) {
      let at = Math.max(Math.floor((size * i) / parts), cuts[cuts.length - 1]!)
      for (;;) {
        const read = readSync(fd, probe, 0, probe.length, at)
        if (read === 0) {
          at = size
          break
        }
        const newline = probe.indexOf(0x0a)
        if (newline >= 0 && newline < read) {
          at += newline + 1
          break
        }
        at += read
      }
      if (at > cuts[cuts.length - 1]! && at < size) cuts.push(at)
    }
  } finally {
    closeSync(fd)
  }
  cuts.push(size)
  const ranges: [number, number][] = []
  for (let i = 0; i + 1 < cuts.length; i++) ranges.push([cuts[i]!, cuts[i + 1]!])
  return ranges
}
