// A second, deliberately plain reading of the log format: one regular expression per line over decoded text. The
// reference's byte-level parser is tested against it, and the judge uses it to recognise classic mistakes (the
// course's regex, hours converted to UTC). Slow, obviously right, never used for timing.
import { gunzipSync } from 'node:zlib'

export interface LogFile {
  name: string
  bytes: Uint8Array
}

export interface OracleLine {
  resource: string
  agent: string
  status: string
  /** The hour as written, "00"…"23". */
  hour: string
  minute: number
  /** "YYYY-MM-DD HH" as written. */
  dateHour: string
  /** Minutes east of UTC, from the ±hhmm offset. */
  offsetMinutes: number
  referer: string
  /** Features that naive parsers trip on. */
  escapedQuote: boolean
  dashSize: boolean
  trailingField: boolean
}

const quoted = '"((?:[^"\\\\]|\\\\[\\s\\S])*)"'
const combined = new RegExp(
  `^[^ ]+ [^ ]+ [^ ]+ \\[(\\d\\d)/([A-Za-z]{3})/(\\d{4}):(\\d\\d):(\\d\\d):(\\d\\d) ([+-])(\\d\\d)(\\d\\d)\\] ` +
    `${quoted} (\\d{3}) (\\d+|-) ${quoted} ${quoted}(?: ${quoted})?$`,
)
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** The lines of a file as the contract counts them: split at \n, one \r before it dropped, decoded as UTF-8. */
export function linesOf(file: LogFile): string[] {
  const bytes = file.name.endsWith('.gz') ? gunzipSync(file.bytes) : Buffer.from(file.bytes)
  const lines: string[] = []
  let start = 0
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start)
    const next = end < 0 ? bytes.length : end + 1
    if (end < 0) end = bytes.length
    if (end > start && bytes[end - 1] === 0x0d) end--
    lines.push(bytes.toString('utf8', start, end))
    start = next
  }
  return lines
}

/** The line's fields, or undefined when the line is malformed. */
export function parseLine(line: string): OracleLine | undefined {
  const match = combined.exec(line)
  if (!match) return undefined
  const [
    ,
    day,
    month,
    year,
    hour,
    minute,
    ,
    sign,
    offsetHours,
    offsetMinutes,
    request,
    status,
    size,
    referer,
    agent,
    trailing,
  ] = match as unknown as (string | undefined)[]
  const monthIndex = months.indexOf(month!)
  if (monthIndex < 0 || Number(hour) > 23) return undefined
  const parts = request!.split(' ')
  if (parts.length !== 3 || parts.some((part) => part === '')) return undefined
  return {
    resource: parts[1]!,
    agent: agent!,
    status: status!,
    hour: hour!,
    minute: Number(minute),
    dateHour: `${year}-${String(monthIndex + 1).padStart(2, '0')}-${day} ${hour}`,
    offsetMinutes: (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes)),
    referer: referer!,
    escapedQuote: /\\"/.test(`${request!}${referer!}${agent!}`),
    dashSize: size === '-',
    trailingField: trailing !== undefined,
  }
}

/**
 * The course's regex (its notebook, unchanged): it needs "-" where the referer goes, a non-empty user agent
 * without quotes and a trailing "-", and it matches at the start of the line only (Python's re.match).
 */
export const courseRegex =
  /^(?<ip>\S+) - - \[(?<timestamp>[^\]]+)\] "(?<method>\S+) (?<resource>\S+) (?<http_version>\S+)" (?<status>\d+) (?<size>\S+) "-" "(?<user_agent>[^"]+)" "-"/
