// Recognises the classic mistakes behind a wrong report, by recomputing what each mistake would have returned.
import type { LogReport } from '../../../solutions/access-logs/types.js'
import { courseRegex, linesOf, parseLine, type LogFile, type OracleLine } from './oracle.js'

export interface HintContext {
  files: LogFile[]
  top: number
  entry: string
}

/** The oracle's reading of the input, computed once per judged call and only when a hint is needed. */
class Reading {
  readonly files: LogFile[]
  #lines: string[][] | undefined
  #parsed: OracleLine[] | undefined

  constructor(files: LogFile[]) {
    this.files = files
  }

  get linesByFile(): string[][] {
    return (this.#lines ??= this.files.map(linesOf))
  }

  get lines(): string[] {
    return this.linesByFile.flat()
  }

  get parsed(): OracleLine[] {
    return (this.#parsed ??= this.lines.map(parseLine).filter((line) => line !== undefined))
  }
}

type Detector = (
  received: LogReport,
  expected: LogReport,
  reading: Reading,
  ctx: HintContext,
) => string | undefined

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)
const count = (n: number): string => n.toLocaleString('en-US')

const courseRegexHint: Detector = (received, expected, reading) => {
  const kept = reading.lines.filter((line) => courseRegex.test(line))
  if (kept.length >= expected.parsedLines) return undefined
  const hours: Record<string, number> = {}
  for (const line of kept) {
    const hour = courseRegex.exec(line)!.groups!.timestamp!.slice(12, 14)
    hours[hour] = (hours[hour] ?? 0) + 1
  }
  const receivedHours = Object.fromEntries(Object.entries(received.requestsPerHour).filter(([, n]) => n > 0))
  if (received.parsedLines !== kept.length && !same(sortKeys(receivedHours), sortKeys(hours)))
    return undefined
  return (
    `Only the ${count(kept.length)} of ${count(expected.totalLines)} lines whose referer is "-" were counted, and ` +
    `the other ${count(expected.parsedLines - kept.length)} well-formed lines were dropped: that is the course's ` +
    `regex, which has "-" where the referer goes (and needs a non-empty user agent and a trailing "-"). On the ` +
    `real Zanbil log it kept about 1.64 M of 10.4 M lines (its own per-hour counts add up to 1,643,092). Read the ` +
    `referer, the user agent and the optional last field as any quoted field: "(?:[^"\\\\]|\\\\.)*".`
  )
}

function sortKeys(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

const dateHourKey = /^\d{4}-\d\d-\d\d \d\d$/
const hourKey = /^\d\d$/

const hourKeysHint: Detector = (received, expected) => {
  const hourKeys = Object.keys(received.requestsPerHour)
  const dateKeys = Object.keys(received.requestsPerDateHour)
  if (hourKeys.some((key) => dateHourKey.test(key)) || dateKeys.some((key) => hourKey.test(key))) {
    return (
      'The two hour keys are mixed up, as in the course (which used "%H" in one place and "YYYY-MM-DD HH" in ' +
      'another): requestsPerHour is keyed "00"…"23" (the hour of the day, all days together) and ' +
      'requestsPerDateHour "YYYY-MM-DD HH" (each hour of each day).'
    )
  }
  const missing = Object.keys(expected.requestsPerHour).filter((key) => !(key in received.requestsPerHour))
  if (missing.length > 0 && missing.every((key) => expected.requestsPerHour[key] === 0)) {
    return `requestsPerHour must have all 24 keys "00"…"23", the hours without requests as 0 (missing: ${missing.join(', ')}).`
  }
  return undefined
}

const utcHint: Detector = (received, expected, reading) => {
  const utc: Record<string, number> = {}
  for (let h = 0; h < 24; h++) utc[String(h).padStart(2, '0')] = 0
  for (const line of reading.parsed) {
    const minutes = (((Number(line.hour) * 60 + line.minute - line.offsetMinutes) % 1440) + 1440) % 1440
    utc[String(Math.floor(minutes / 60)).padStart(2, '0')]! += 1
  }
  if (same(utc, expected.requestsPerHour) || !same(sortKeys(received.requestsPerHour), utc)) return undefined
  return (
    'These are the hours in UTC: take the hour as written in the log, at its own offset (22/Jan/2019:03:56:14 ' +
    '+0330 is hour "03"), as Python\'s strptime("%z") then strftime("%H") does. new Date(…).getHours() or ' +
    'getUTCHours() convert it.'
  )
}

const codePoints = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b))
const tieOrders: [string, (a: string, b: string) => number][] = [
  ['localeCompare', (a, b) => a.localeCompare(b)],
  ['Unicode code points (as when comparing UTF-8 bytes)', codePoints],
]

const tiesHint: Detector = (received, expected, reading, ctx) => {
  for (const field of ['topResources', 'topUserAgents'] as const) {
    if (same(received[field], expected[field])) continue
    const counts = new Map<string, number>()
    for (const line of reading.parsed) {
      const key = field === 'topResources' ? line.resource : line.agent
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
    for (const [name, compare] of tieOrders) {
      const other = [...counts].sort((a, b) => b[1] - a[1] || compare(a[0], b[0])).slice(0, ctx.top)
      if (same(other, received[field])) {
        return (
          `${field}: ties are ordered by ${name}. Order equal counts by JavaScript's default string comparison ` +
          '(UTF-16 code units): (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0).'
        )
      }
    }
  }
  return undefined
}

const topHint: Detector = (received, expected, _reading, ctx) => {
  const length = received.topResources.length
  if (length === expected.topResources.length) return undefined
  if (length <= ctx.top && !(length === 5 && ctx.top !== 5)) return undefined
  return (
    `options.top is ${ctx.top}: the top lists hold that many entries (fewer only when there are fewer distinct ` +
    `keys); without the option, 5.`
  )
}

const gzipHint: Detector = (received, expected, reading) => {
  const gz = reading.files.filter((file) => file.name.endsWith('.gz'))
  if (gz.length === 0 || received.totalLines === expected.totalLines) return undefined
  const gzLines = gz.reduce((n, file) => n + linesOf(file).length, 0)
  if (received.totalLines === expected.totalLines - gzLines) {
    return 'The .gz files were left out: every strategy reads them too, through zlib (createGunzip()).'
  }
  if (received.malformedLines > expected.malformedLines) {
    return '.gz files were read as text: decompress them first (fs.createReadStream(path).pipe(zlib.createGunzip())).'
  }
  return undefined
}

const lineCountHint: Detector = (received, expected, reading, ctx) => {
  const diff = received.totalLines - expected.totalLines
  if (diff === 0) return undefined
  const plain = reading.files.filter((file) => !file.name.endsWith('.gz'))
  const withoutNewline = plain.filter(
    (file) => file.bytes.length > 0 && file.bytes[file.bytes.length - 1] !== 0x0a,
  )
  const withNewline = plain.filter(
    (file) => file.bytes.length > 0 && file.bytes[file.bytes.length - 1] === 0x0a,
  )
  if (withoutNewline.length > 0 && diff === -withoutNewline.length) {
    return `A last line without a final newline was not counted (${withoutNewline.map((f) => f.name).join(', ')}): it is a line all the same.`
  }
  if (withNewline.length > 0 && diff === withNewline.length) {
    return 'An empty line after the final newline was counted: a final newline ends the last line, it does not start another.'
  }
  if (ctx.entry !== 'sequential' && Math.abs(diff) <= 64) {
    return diff > 0
      ? `${diff} lines too many: lines that straddle a chunk boundary were cut in two. Move each cut to just after the next newline, so that every range starts and ends with whole lines.`
      : `${-diff} lines missing: lines at chunk boundaries were dropped or skipped twice. Move each cut to just after the next newline, and let each range run to the next range's start.`
  }
  return undefined
}

const featureHints: [keyof OracleLine, string][] = [
  [
    'escapedQuote',
    'Lines with escaped quotes (\\") inside a quoted field were not parsed: a backslash escapes the byte after it, so \\" does not end the field.',
  ],
  ['dashSize', 'Lines whose size is "-" were not parsed: the size is digits or "-".'],
]

const parsedDeficitHint: Detector = (received, expected, reading) => {
  const deficit = expected.parsedLines - received.parsedLines
  if (deficit <= 0) return undefined
  for (const [feature, hint] of featureHints) {
    if (reading.parsed.filter((line) => line[feature]).length === deficit) return hint
  }
  if (reading.parsed.filter((line) => line.agent === '').length === deficit) {
    return 'Lines with an empty user agent ("") were not parsed: a quoted field may be empty.'
  }
  if (reading.parsed.filter((line) => !line.trailingField).length === deficit) {
    return 'Lines without the trailing quoted field were not parsed: it is optional (plain combined format ends with the user agent).'
  }
  if (crlfParsedLines(reading.files) === deficit) {
    return 'Lines that end with \\r\\n were not parsed: drop the \\r before the newline.'
  }
  return undefined
}

/** Well-formed lines that end with \r\n in the plain files. */
function crlfParsedLines(files: LogFile[]): number {
  let n = 0
  for (const file of files) {
    if (file.name.endsWith('.gz')) continue
    const lines = Buffer.from(file.bytes).toString('utf8').split('\n')
    for (const line of lines) if (line.endsWith('\r') && parseLine(line.slice(0, -1))) n++
  }
  return n
}

const utf8Hint: Detector = (received, expected) => {
  const keys = (report: LogReport): string[] =>
    [...report.topResources, ...report.topUserAgents].map(([key]) => key)
  if (!keys(expected).some((key) => key.includes('\uFFFD'))) return undefined
  if (keys(received).some((key) => key.includes('\uFFFD'))) return undefined
  return "Bytes that are not valid UTF-8 become U+FFFD (decode as UTF-8, e.g. buffer.toString('utf8') or TextDecoder): different invalid bytes then give the same key, and their counts add up."
}

const detectors: Detector[] = [
  courseRegexHint,
  hourKeysHint,
  utcHint,
  gzipHint,
  lineCountHint,
  topHint,
  tiesHint,
  utf8Hint,
  parsedDeficitHint,
]

/** Hints for the mistakes that explain a wrong report (usually one, at most three). */
export function hintsFor(received: LogReport, expected: LogReport, ctx: HintContext): string[] {
  const reading = new Reading(ctx.files)
  const hints: string[] = []
  for (const detect of detectors) {
    let hint: string | undefined
    try {
      hint = detect(received, expected, reading, ctx)
    } catch {
      hint = undefined // a detector must never turn a wrong answer into a grader error
    }
    if (hint) hints.push(hint)
    if (hints.length === 3) break
  }
  return hints
}
