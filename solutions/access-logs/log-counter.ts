// The byte-level parser: one pass over each line's bytes, no regular expression and no string per line. A line is
// counted as parsed only when it is the combined format (CONTRACT.md §2); anything else is counted as malformed.
import { KeyTable, type KeyTableParts } from './key-table.js'

const SPACE = 0x20
const QUOTE = 0x22
const BACKSLASH = 0x5c
const NEWLINE = 0x0a
const CR = 0x0d

// "Jan" … "Dec" as 24-bit numbers → month 1…12.
const months = new Map(
  ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].map((name, i) => [
    (name.charCodeAt(0) << 16) | (name.charCodeAt(1) << 8) | name.charCodeAt(2),
    i + 1,
  ]),
)

const batchSize = 256
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39
const digitAt = (bytes: Uint8Array, i: number): number => {
  const d = bytes[i]! - 0x30
  return d >= 0 && d <= 9 ? d : -100_000
}

/** Everything a report is made of, in a form that merges and crosses threads cheaply. */
export interface LogCounts {
  totalLines: number
  parsedLines: number
  /** Index: the 3-digit status as a number (000…999). */
  statuses: Float64Array
  hours: Float64Array
  /** Key: ((year * 12 + month - 1) * 32 + day) * 24 + hour (see dateHourText). */
  dateHours: Map<number, number>
  resources: KeyTableParts
  agents: KeyTableParts
}

/**
 * Index of the byte after the closing quote of a quoted field that opens at `open`, or -1. A quote preceded by an
 * odd run of backslashes is escaped (a backslash escapes the byte after it). The search itself is native (memchr).
 */
function skipQuoted(bytes: Uint8Array, open: number, end: number): number {
  let q = open
  for (;;) {
    q = bytes.indexOf(QUOTE, q + 1)
    if (q < 0 || q >= end) return -1
    let backslashes = 0
    while (q - backslashes - 1 > open && bytes[q - backslashes - 1] === BACKSLASH) backslashes++
    if ((backslashes & 1) === 0) return q + 1
  }
}

/** Index after a run of non-space bytes starting at `i` (at least one), when a space follows; else -1. */
function skipToken(bytes: Uint8Array, i: number, end: number): number {
  const start = i
  while (i < end && bytes[i] !== SPACE) i++
  return i > start && i < end ? i + 1 : -1
}

export class LogCounter {
  totalLines = 0
  parsedLines = 0
  readonly statuses = new Float64Array(1000)
  readonly hours = new Float64Array(24)
  readonly dateHours = new Map<number, number>()
  readonly resources = new KeyTable(4096)
  readonly agents = new KeyTable(1024)
  // Lines come in time order: the current date-hour is counted here and added to the map when it changes.
  private dateHourKey = -1
  private dateHourCount = 0

  // Resources are counted in batches (see KeyTable.addBatch), always before the bytes they point into change.
  private readonly batchStarts = new Int32Array(batchSize)
  private readonly batchEnds = new Int32Array(batchSize)
  private batched = 0
  private batching = false

  /** Counts the lines of bytes [start, end), which must end with a newline (or be empty). */
  lines(bytes: Uint8Array, start: number, end: number): void {
    this.batching = true
    let s = start
    while (s < end) {
      let e = bytes.indexOf(NEWLINE, s)
      if (e < 0 || e >= end) e = end
      this.line(bytes, s, e)
      if (this.batched === batchSize) this.flush(bytes)
      s = e + 1
    }
    this.flush(bytes)
    this.batching = false
  }

  private flush(bytes: Uint8Array): void {
    this.resources.addBatch(bytes, this.batchStarts, this.batchEnds, this.batched)
    this.batched = 0
  }

  /** Counts one line, bytes [start, end) without its newline; a CR before the newline is dropped. */
  line(bytes: Uint8Array, start: number, end: number): void {
    this.totalLines++
    if (end > start && bytes[end - 1] === CR) end--
    // Remote host, identity, user: tokens without spaces, each followed by one space.
    let i = skipToken(bytes, start, end)
    if (i < 0 || (i = skipToken(bytes, i, end)) < 0 || (i = skipToken(bytes, i, end)) < 0) return
    // [dd/Mon/yyyy:HH:MM:SS +zzzz]
    if (i + 28 > end || bytes[i] !== 0x5b || bytes[i + 27] !== 0x5d) return
    const dateHour = dateHourOf(bytes, i + 1)
    if (dateHour < 0) return
    i += 28
    // "METHOD RESOURCE PROTOCOL": exactly three non-empty parts between single spaces.
    if (i + 1 >= end || bytes[i] !== SPACE || bytes[i + 1] !== QUOTE) return
    const requestStart = i + 2
    let first = -1
    let second = -1
    let spaces = 0
    for (i = requestStart; i < end; i++) {
      let c = bytes[i]!
      if (c === QUOTE) break
      if (c === BACKSLASH && i + 1 < end) c = bytes[++i]!
      if (c === SPACE) {
        if (++spaces === 1) first = i
        else second = i
      }
    }
    if (i >= end || spaces !== 2 || first === requestStart || second === first + 1 || i === second + 1) return
    // Status: three digits.
    i++
    if (i + 5 > end || bytes[i] !== SPACE) return
    const d0 = bytes[i + 1]!
    const d1 = bytes[i + 2]!
    const d2 = bytes[i + 3]!
    if (!isDigit(d0) || !isDigit(d1) || !isDigit(d2) || bytes[i + 4] !== SPACE) return
    // Size: digits or "-".
    i += 5
    if (i < end && bytes[i] === 0x2d) i++
    else {
      const sizeStart = i
      while (i < end && isDigit(bytes[i]!)) i++
      if (i === sizeStart) return
    }
    // "referer" "user agent" and an optional trailing quoted field.
    if (i + 1 >= end || bytes[i] !== SPACE || bytes[i + 1] !== QUOTE) return
    i = skipQuoted(bytes, i + 1, end)
    if (i < 0 || i + 1 >= end || bytes[i] !== SPACE || bytes[i + 1] !== QUOTE) return
    const agentStart = i + 2
    i = skipQuoted(bytes, i + 1, end)
    if (i < 0) return
    const agentEnd = i - 1
    if (i !== end) {
      if (i + 1 >= end || bytes[i] !== SPACE || bytes[i + 1] !== QUOTE) return
      if (skipQuoted(bytes, i + 1, end) !== end) return
    }
    // A well-formed line: count it.
    this.parsedLines++
    this.statuses[(d0 - 0x30) * 100 + (d1 - 0x30) * 10 + (d2 - 0x30)]!++
    this.hours[dateHour % 24]!++
    if (dateHour !== this.dateHourKey) {
      this.flushDateHour()
      this.dateHourKey = dateHour
    }
    this.dateHourCount++
    if (this.batching) {
      this.batchStarts[this.batched] = first + 1
      this.batchEnds[this.batched++] = second
    } else this.resources.add(bytes, first + 1, second)
    this.agents.add(bytes, agentStart, agentEnd)
  }

  private flushDateHour(): void {
    if (this.dateHourCount === 0) return
    this.dateHours.set(this.dateHourKey, (this.dateHours.get(this.dateHourKey) ?? 0) + this.dateHourCount)
    this.dateHourCount = 0
  }

  /** The counts so far, ready to merge or to send to another thread. */
  counts(): LogCounts {
    this.flushDateHour()
    return {
      totalLines: this.totalLines,
      parsedLines: this.parsedLines,
      statuses: this.statuses.slice(),
      hours: this.hours.slice(),
      dateHours: new Map(this.dateHours),
      resources: this.resources.parts(),
      agents: this.agents.parts(),
    }
  }

  merge(other: LogCounts | LogCounter): void {
    const counts = other instanceof LogCounter ? other.counts() : other
    this.flushDateHour()
    this.totalLines += counts.totalLines
    this.parsedLines += counts.parsedLines
    for (let i = 0; i < 1000; i++) this.statuses[i]! += counts.statuses[i]!
    for (let i = 0; i < 24; i++) this.hours[i]! += counts.hours[i]!
    for (const [key, count] of counts.dateHours)
      this.dateHours.set(key, (this.dateHours.get(key) ?? 0) + count)
    this.resources.merge(counts.resources)
    this.agents.merge(counts.agents)
  }
}

/** Validates dd/Mon/yyyy:HH:MM:SS +zzzz at `t` and returns its date-hour key, or -1. */
function dateHourOf(bytes: Uint8Array, t: number): number {
  if (bytes[t + 2] !== 0x2f || bytes[t + 6] !== 0x2f || bytes[t + 11] !== 0x3a || bytes[t + 14] !== 0x3a)
    return -1
  if (bytes[t + 17] !== 0x3a || bytes[t + 20] !== SPACE || (bytes[t + 21] !== 0x2b && bytes[t + 21] !== 0x2d))
    return -1
  // A non-digit counts -100,000: enough to make any of these sums negative.
  const day = digitAt(bytes, t) * 10 + digitAt(bytes, t + 1)
  const year =
    digitAt(bytes, t + 7) * 1000 +
    digitAt(bytes, t + 8) * 100 +
    digitAt(bytes, t + 9) * 10 +
    digitAt(bytes, t + 10)
  const hour = digitAt(bytes, t + 12) * 10 + digitAt(bytes, t + 13)
  const rest =
    digitAt(bytes, t + 15) +
    digitAt(bytes, t + 16) +
    digitAt(bytes, t + 18) +
    digitAt(bytes, t + 19) +
    digitAt(bytes, t + 22) +
    digitAt(bytes, t + 23) +
    digitAt(bytes, t + 24) +
    digitAt(bytes, t + 25)
  if (day < 0 || year < 0 || hour < 0 || hour > 23 || rest < 0) return -1
  const month = months.get((bytes[t + 3]! << 16) | (bytes[t + 4]! << 8) | bytes[t + 5]!)
  if (month === undefined) return -1
  return ((year * 12 + month - 1) * 32 + day) * 24 + hour
}

/** Decodes a date-hour key back to "YYYY-MM-DD HH". */
export function dateHourText(key: number): string {
  const hour = key % 24
  const day = Math.floor(key / 24) % 32
  const months = Math.floor(key / 24 / 32)
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${String(Math.floor(months / 12)).padStart(4, '0')}-${pad((months % 12) + 1)}-${pad(day)} ${pad(hour)}`
}
