// One record at a time into a partial aggregate. The README's rules, literally: the regular expressions below are
// the ones it prints.
import { isAddress, isInternal } from './addresses.js'
import { bump, type Aggregate } from './aggregate.js'

/**
 * A copy of a key that does not share memory with the block of text it was cut from: V8 keeps a whole block
 * alive for as long as one substring of it (a sliced string) is reachable, so a key kept in a map is copied once.
 */
export const own = (key: string): string => Buffer.from(key, 'utf8').toString('utf8')

export const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const quoted = '"((?:[^"\\\\]|\\\\.)*)"'

/** Combined format, an optional trailing quoted field. Groups: ip, hour, request, status, size. */
export const accessLine = new RegExp(
  '^(\\S+) \\S+ \\S+ \\[\\d\\d/(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/\\d{4}:([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d [+-]\\d{4}\\] ' +
    `${quoted} (\\d{3}) (\\d+|-) ${quoted} ${quoted}(?: ${quoted})?$`,
)

export function addAccessLine(agg: Aggregate, line: string): void {
  const a = agg.access
  a.total++
  const match = accessLine.exec(line)
  const ip = match?.[1]
  const request = match?.[3]
  if (!match || ip === undefined || request === undefined || !isAddress(ip)) {
    a.malformed++
    return
  }
  // Exactly three non-empty parts on single spaces (without building the array of split()).
  const first = request.indexOf(' ')
  const second = first < 0 ? -1 : request.indexOf(' ', first + 1)
  if (
    first <= 0 ||
    second <= first + 1 ||
    second === request.length - 1 ||
    request.indexOf(' ', second + 1) >= 0
  ) {
    a.malformed++
    return
  }
  const resource = request.slice(first + 1, second)
  const status = match[4]!
  const size = match[5]!
  a.parsed++
  bump(a.status, status)
  a.hours[Number(match[2])]!++
  const code = Number(status)
  const error = code >= 400 && code <= 599
  if (error) {
    a.errors++
    if (code < 500) a.clientErrors++
    else a.serverErrors++
  }
  const seen = a.ips.get(ip)
  if (seen === undefined) a.ips.set(own(ip), error ? 1 : 0)
  else if (error) a.ips.set(ip, seen + 1)
  if (resource.includes('/api/')) a.api++
  if (resource.includes('/login')) a.login++
  if (resource.includes('/admin')) a.admin++
  if (size !== '-') a.sizes.push(Number(size))
}

const utcTime = /^\d{4}-\d\d-\d\dT([01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?Z$/

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

export function addAppLine(agg: Aggregate, line: string): void {
  const p = agg.app
  p.total++
  let event: unknown
  try {
    event = JSON.parse(line)
  } catch {
    p.malformed++
    return
  }
  if (
    !isObject(event) ||
    typeof event.id !== 'string' ||
    typeof event.type !== 'string' ||
    event.type === '' ||
    typeof event.created_at !== 'string' ||
    !isObject(event.payload)
  ) {
    p.malformed++
    return
  }
  const time = utcTime.exec(event.created_at)
  if (!time) {
    p.malformed++
    return
  }
  p.parsed++
  const size = JSON.stringify(event.payload).length
  const stats = p.types.get(event.type)
  if (!stats) p.types.set(event.type, { count: 1, sum: size, max: size })
  else {
    stats.count++
    stats.sum += size
    if (size > stats.max) stats.max = size
  }
  const hour = Number(time[1])
  if (event.type === 'PushEvent') p.pushHours[hour]!++
  else if (event.type === 'PullRequestEvent') p.pullRequestHours[hour]!++
}

/** One CloudTrail file's text (undefined: a .gz that does not decompress). */
export function addAuditText(agg: Aggregate, text: string | undefined): void {
  const c = agg.audit
  c.files++
  let file: unknown
  if (text === undefined) {
    c.malformedFiles++
    return
  }
  try {
    file = JSON.parse(text)
  } catch {
    c.malformedFiles++
    return
  }
  if (!isObject(file) || !Array.isArray(file.Records)) {
    c.malformedFiles++
    return
  }
  for (const record of file.Records as unknown[]) addAuditRecord(agg, record)
}

function addAuditRecord(agg: Aggregate, record: unknown): void {
  const c = agg.audit
  c.records++
  if (
    !isObject(record) ||
    typeof record.eventTime !== 'string' ||
    typeof record.eventName !== 'string' ||
    typeof record.eventSource !== 'string' ||
    typeof record.awsRegion !== 'string' ||
    typeof record.sourceIPAddress !== 'string'
  ) {
    c.malformedRecords++
    return
  }
  const source = record.sourceIPAddress
  const ip = isAddress(source) ? source : undefined
  bump(c.regions, record.awsRegion)
  if (ip !== undefined) bump(c.ips, ip)
  const errorCode = record.errorCode
  if (typeof errorCode === 'string' && errorCode !== '') {
    c.failedCalls++
    bump(c.failedByCode, errorCode)
    if (ip !== undefined) c.failedCallIps.add(ip)
  }
  if (record.eventName === 'ConsoleLogin') {
    c.consoleTotal++
    if (ip !== undefined && !isInternal(ip)) {
      c.consoleExternal++
      c.externalConsoleIps.add(ip)
      const response = record.responseElements
      if (isObject(response) && response.ConsoleLogin === 'Failure') {
        c.consoleExternalFailed++
        c.failedConsoleIps.add(ip)
      }
    }
  }
}

/** Groups: month, day (space-padded), hour, minute, second, host, program, pid, message. */
export const syslogLine =
  /^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ( [1-9]|[12]\d|3[01]) ([01]\d|2[0-3]):([0-5]\d):([0-5]\d) (\S+) ([^\s[:]+)(?:\[(\d+)\])?: (.*)$/
export const failedLogin =
  /^Failed (?:password|publickey) for (?:invalid user )?(\S*) from (\S+) port \d+ ssh2$/
export const repeatedFailure =
  /^message repeated (\d+) times: \[ Failed (?:password|publickey) for (?:invalid user )?(\S*) from (\S+) port \d+ ssh2\]$/
export const invalidUser = /^Invalid user (\S*) from (\S+)(?: port \d+)?$/
export const acceptedLogin = /^Accepted (?:password|publickey) for (\S+) from (\S+) port \d+ ssh2(?:: .*)?$/

/** The time of a syslog line in ms (as written, taken as UTC), or undefined when that day is not in `year`. */
export function syslogTime(match: RegExpExecArray, year: number): number | undefined {
  const month = months.indexOf(match[1]!)
  const day = Number(match[2])
  const time = Date.UTC(year, month, day, Number(match[3]), Number(match[4]), Number(match[5]))
  const date = new Date(time)
  // Date.UTC(2023, 1, 29) is 1 March: a day the year does not have makes the line malformed.
  if (date.getUTCMonth() !== month || date.getUTCDate() !== day) return undefined
  // Years 0–99 would be taken as 1900–1999 by Date.UTC.
  if (date.getUTCFullYear() !== year) return undefined
  return time
}

function addFailure(agg: Aggregate, ip: string, time: number, count: number): void {
  const s = agg.auth
  s.failedLogins += count
  const list = s.failures.get(ip)
  if (list) list.push(time, count)
  else {
    const key = own(ip)
    s.failures.set(key, [time, count])
    s.ips.add(key)
  }
}

const addOwned = (set: Set<string>, key: string): void => {
  if (!set.has(key)) set.add(own(key))
}

export function addAuthLine(agg: Aggregate, line: string, year: number): void {
  const s = agg.auth
  s.total++
  const match = syslogLine.exec(line)
  const time = match ? syslogTime(match, year) : undefined
  if (!match || time === undefined) {
    s.malformed++
    return
  }
  s.parsed++
  if (match[7] !== 'sshd') return
  const message = match[9]!
  let m = failedLogin.exec(message)
  if (m) {
    if (isAddress(m[2]!)) addFailure(agg, m[2]!, time, 1)
    return
  }
  m = repeatedFailure.exec(message)
  if (m) {
    if (isAddress(m[3]!)) addFailure(agg, m[3]!, time, Number(m[1]))
    return
  }
  m = invalidUser.exec(message)
  if (m) {
    if (!isAddress(m[2]!)) return
    const user = m[1]!
    const seen = s.invalidUsers.get(user)
    s.invalidUsers.set(seen === undefined ? own(user) : user, (seen ?? 0) + 1)
    addOwned(s.invalidUserIps, m[2]!)
    addOwned(s.ips, m[2]!)
    return
  }
  m = acceptedLogin.exec(message)
  if (m && isAddress(m[2]!)) {
    s.accepted++
    addOwned(s.ips, m[2]!)
  }
}
