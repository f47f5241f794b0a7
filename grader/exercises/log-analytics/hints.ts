// Recognises the course's mistakes behind a wrong report, by recomputing what each mistake would have returned.
import { statSync } from 'node:fs'
import { isAddress } from '../../../solutions/log-analytics/addresses.js'
import { accessLine } from '../../../solutions/log-analytics/parse.js'
import { forEachLine } from '../../../solutions/log-analytics/read.js'
import { errorThreshold } from '../../../solutions/log-analytics/report.js'
import { aggregateSources } from '../../../solutions/log-analytics/sequential.js'
import type { SecurityOptions, SecurityReport, Sources } from '../../../solutions/log-analytics/types.js'

export interface HintContext {
  /** The files as the grader reads them. */
  sources: Sources
  options: SecurityOptions
  entry: string
}

type Detector = (received: SecurityReport, expected: SecurityReport, ctx: HintContext) => string | undefined

const shown = (value: unknown): string => JSON.stringify(value) ?? String(value)
const sameHours = (a: Record<string, number>, b: Record<string, number>): boolean =>
  Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0')).every(
    (key) => (a[key] ?? 0) === (b[key] ?? 0),
  )
const emptyHours = (): Record<string, number> =>
  Object.fromEntries(Array.from({ length: 24 }, (_, h) => [String(h).padStart(2, '0'), 0]))

/** The course's check: `ip.startswith(('192.168.', '10.0.', '172.16.'))`. */
export const prefixInternal = (ip: string): boolean =>
  ['192.168.', '10.0.', '172.16.'].some((p) => ip.startsWith(p))

const privateByPrefix: Detector = (received, expected) => {
  const wanted = new Map(expected.enrichment.map((e) => [e.ip, e.internal]))
  const wrong = received.enrichment.filter((e) => wanted.has(e.ip) && wanted.get(e.ip) !== e.internal)
  if (wrong.length === 0) return undefined
  const byPrefix = wrong.filter((e) => e.internal === prefixInternal(e.ip))
  if (byPrefix.length * 2 < wrong.length) return undefined
  const examples = byPrefix
    .slice(0, 4)
    .map((e) => `${e.ip} is ${wanted.get(e.ip) ? 'internal' : 'external'}`)
    .join(', ')
  return (
    `Addresses were classified by string prefix, as in the course (ip starting with "192.168.", "10.0." or ` +
    `"172.16."): ${examples}. Check the real ranges instead — 10.0.0.0/8, 172.16.0.0/12 (172.16–172.31), ` +
    "192.168.0.0/16, 127.0.0.0/8, 169.254.0.0/16, ::1, fc00::/7, fe80::/10 — for instance with node:net's " +
    'BlockList (addSubnet, then check(ip, "ipv4" | "ipv6")).'
  )
}

const perBatch: Detector = (received, expected, ctx) => {
  const parts: string[] = []
  const missed = expected.anomalies.errorIps.filter(
    ([ip]) => !received.anomalies.errorIps.some(([r]) => r === ip),
  )
  if (missed.length > 0 && received.anomalies.errorIps.length < expected.anomalies.errorIps.length) {
    const [ip, n] = missed[0]!
    parts.push(
      `anomalies.errorIps misses ${missed.length} address(es) with more than ${errorThreshold} errors in the whole ` +
        `data set (${ip} has ${n}): was the threshold applied to each batch's own counts?`,
    )
  }
  const bruteMissed = expected.auth.bruteForce.filter(
    (b) => !received.auth.bruteForce.some((r) => r.ip === b.ip),
  )
  if (bruteMissed.length > 0) {
    const b = bruteMissed[0]!
    parts.push(
      `auth.bruteForce misses ${b.ip} (${b.maxInWindow} failed logins within one window): its failures lie in ` +
        'more than one batch (or file), and each batch alone stays under the threshold. Collect the failures per ' +
        'address from every batch, merge them, and slide the window over the merged, sorted times.',
    )
  }
  const p99 = expected.anomalies.responseSizeP99
  if (received.anomalies.responseSizeP99 !== p99 && p99 !== null) {
    const sizes = aggregateSources(ctx.sources, ctx.options.year ?? 2024).access.sizes.sort((a, b) => a - b)
    const position = 0.99 * (sizes.length - 1)
    const low = sizes[Math.floor(position)]!
    const interpolated = low + (sizes[Math.ceil(position)]! - low) * (position - Math.floor(position))
    const got = received.anomalies.responseSizeP99
    if (typeof got === 'number' && Math.abs(got - interpolated) < 1e-6 && interpolated !== p99) {
      parts.push(
        `anomalies.responseSizeP99 is ${got}, the 99th percentile by linear interpolation (numpy's default); the ` +
          `README asks for the nearest rank: sort all sizes, take the value at rank ⌈0.99 × n⌉ (here ${p99}).`,
      )
    } else {
      parts.push(
        `anomalies.responseSizeP99 is ${shown(got)}, not the 99th percentile of all ${sizes.length} sizes ` +
          `(${p99}): a percentile of percentiles (or of one batch) is not the percentile of the whole. Send each ` +
          "batch's sizes back and pick the nearest rank after the merge.",
      )
    }
  }
  if (parts.length === 0) return undefined
  const intro =
    ctx.entry === 'parallel'
      ? "Thresholds and percentiles must be computed over the whole data set, after the partial aggregates are merged, never per batch (the course's anomaly detector does this per batch). "
      : ''
  return intro + parts.join(' ')
}

const bruteForceByTotal: Detector = (received, expected, ctx) => {
  const extra = received.auth.bruteForce.filter((r) => !expected.auth.bruteForce.some((b) => b.ip === r.ip))
  if (extra.length === 0) return undefined
  const ip = extra[0]!.ip
  const total = expected.auth.failedLoginsPerIp[ip]
  const { failures, windowMinutes } = ctx.options.bruteForce ?? { failures: 5, windowMinutes: 10 }
  return (
    `auth.bruteForce lists ${ip}, which has ${total ?? 'no'} failed logins in all but never ${failures} within ` +
    `${windowMinutes} minutes. A brute force is ≥ ${failures} failures within one sliding window: there is a time t ` +
    `with ${failures} failures in [t, t + ${windowMinutes} min) — not a total count, and not fixed clock buckets.`
  )
}

const syslogYear: Detector = (received, expected, ctx) => {
  const year = ctx.options.year ?? 2024
  const wrong = received.auth.bruteForce.find(
    (r) => typeof r.firstFailure === 'string' && !r.firstFailure.startsWith(String(year)),
  )
  if (!wrong || expected.auth.bruteForce.length === 0) return undefined
  const used = wrong.firstFailure.slice(0, 4)
  const current = String(new Date().getFullYear())
  return (
    `auth.bruteForce[].firstFailure is in ${used}, not ${year}: syslog lines have no year, so it comes from ` +
    `options.year${ctx.options.year === undefined ? ' (its default is the constant 2024, stated in the README)' : ''}` +
    `${used === current ? ` — ${used} is the current year, which changes every January and makes the same log give another report` : ''}. ` +
    'Build the time with Date.UTC(year, month, day, h, m, s).'
  )
}

/** Hours of the parsed access lines converted to UTC (the mistake), from the files. */
function utcAccessHours(sources: Sources): Record<string, number> {
  const hours = emptyHours()
  const stamp = /:(\d\d):(\d\d):\d\d ([+-])(\d\d)(\d\d)\]/
  for (const path of sources.access) {
    forEachLine(path, statSync(path).size, (line) => {
      const parsed = accessLine.exec(line)
      const parts = parsed?.[3]?.split(' ')
      if (!parsed || !parts || parts.length !== 3 || parts.includes('') || !isAddress(parsed[1]!)) return
      const m = stamp.exec(line)
      if (!m) return
      const offset = (m[3] === '-' ? -1 : 1) * (Number(m[4]) * 60 + Number(m[5]))
      const minutes = (((Number(m[1]) * 60 + Number(m[2]) - offset) % 1440) + 1440) % 1440
      hours[String(Math.floor(minutes / 60)).padStart(2, '0')]! += 1
    })
  }
  return hours
}

/** Pull requests by the hour of the payload's pull_request.created_at (the wrong field), from the files. */
function payloadHours(sources: Sources): Record<string, number> {
  const hours = emptyHours()
  for (const path of sources.appEvents) {
    forEachLine(path, statSync(path).size, (line) => {
      try {
        const event = JSON.parse(line) as {
          type?: unknown
          payload?: { pull_request?: { created_at?: unknown } }
        }
        const at = event.payload?.pull_request?.created_at
        if (event.type === 'PullRequestEvent' && typeof at === 'string') hours[at.slice(11, 13)]! += 1
      } catch {
        // malformed: not counted either way
      }
    })
  }
  return hours
}

const wrongHour: Detector = (received, expected, ctx) => {
  const parts: string[] = []
  if (!sameHours(received.access.requestsPerHour, expected.access.requestsPerHour)) {
    const utc = utcAccessHours(ctx.sources)
    if (!sameHours(utc, expected.access.requestsPerHour) && sameHours(received.access.requestsPerHour, utc))
      parts.push(
        'access.requestsPerHour holds the hours in UTC: take the hour as written in the line, at its own offset ' +
          '([27/Feb/2024:00:30:00 +0100] is hour "00"); new Date(…).getUTCHours() converts it.',
      )
  }
  if (!sameHours(received.appEvents.pullRequestsPerHour, expected.appEvents.pullRequestsPerHour)) {
    const wrong = payloadHours(ctx.sources)
    if (sameHours(received.appEvents.pullRequestsPerHour, wrong))
      parts.push(
        'appEvents.pullRequestsPerHour is by the hour of payload.pull_request.created_at, when the pull request was ' +
          "opened: the event's own time is its top-level created_at (UTC).",
      )
  }
  return parts.length > 0 ? parts.join(' ') : undefined
}

/** Per type, the mean and max payload size by another measure (bytes, or the text as written), from the files. */
function payloadSizesBy(
  sources: Sources,
  measure: (payload: unknown, line: string) => number,
): Map<string, [number, number]> {
  const stats = new Map<string, { count: number; sum: number; max: number }>()
  for (const path of sources.appEvents) {
    forEachLine(path, statSync(path).size, (line) => {
      let event: { type?: unknown; payload?: unknown }
      try {
        event = JSON.parse(line) as { type?: unknown; payload?: unknown }
      } catch {
        return
      }
      if (typeof event.type !== 'string' || typeof event.payload !== 'object' || event.payload === null)
        return
      const size = measure(event.payload, line)
      const s = stats.get(event.type) ?? { count: 0, sum: 0, max: 0 }
      s.count++
      s.sum += size
      s.max = Math.max(s.max, size)
      stats.set(event.type, s)
    })
  }
  return new Map([...stats].map(([type, s]) => [type, [s.sum / s.count, s.max]]))
}

/** The payload's text as written in the line (from "payload": to its matching brace), or -1. */
function rawPayloadLength(line: string): number {
  const at = /"payload"\s*:\s*\{/.exec(line)
  if (!at) return -1
  let depth = 0
  let inString = false
  for (let i = at.index + at[0].length - 1; i < line.length; i++) {
    const c = line[i]
    if (inString) {
      if (c === '\\') i++
      else if (c === '"') inString = false
    } else if (c === '"') inString = true
    else if (c === '{') depth++
    else if (c === '}' && --depth === 0) return i - (at.index + at[0].length - 1) + 1
  }
  return -1
}

const payloadSize: Detector = (received, expected, ctx) => {
  const wrong = Object.entries(received.appEvents.byType).filter(([type, got]) => {
    const want = expected.appEvents.byType[type]
    return (
      want &&
      (got.maxPayloadSize !== want.maxPayloadSize ||
        Math.abs(got.meanPayloadSize - want.meanPayloadSize) > 1e-6)
    )
  })
  if (wrong.length === 0) return undefined
  const measures: [string, (payload: unknown, line: string) => number][] = [
    ['bytes of UTF-8 (Buffer.byteLength)', (payload) => Buffer.byteLength(JSON.stringify(payload))],
    ['the length of the payload as written in the file', (_payload, line) => rawPayloadLength(line)],
  ]
  for (const [name, measure] of measures) {
    const other = payloadSizesBy(ctx.sources, measure)
    const matches = wrong.every(([type, got]) => {
      const [mean, max] = other.get(type) ?? [Number.NaN, Number.NaN]
      return got.maxPayloadSize === max && Math.abs(got.meanPayloadSize - mean) < 1e-6
    })
    if (matches)
      return (
        `appEvents.byType: the payload sizes are ${name}. The payload size is JSON.stringify(payload).length: ` +
        'the number of UTF-16 code units of the JSON text that JSON.stringify writes (é counts 1, 🚀 counts 2, ' +
        'and spacing or escapes in the file do not count).'
      )
  }
  return undefined
}

const missingHours: Detector = (received) => {
  for (const [name, record] of [
    ['access.requestsPerHour', received.access.requestsPerHour],
    ['appEvents.pushesPerHour', received.appEvents.pushesPerHour],
    ['appEvents.pullRequestsPerHour', received.appEvents.pullRequestsPerHour],
  ] as const) {
    if (Object.keys(record).length !== 24)
      return `${name} must have all 24 keys "00"…"23", hours without records as 0 (it has ${Object.keys(record).length}).`
  }
  return undefined
}

const detectors: Detector[] = [
  privateByPrefix,
  perBatch,
  bruteForceByTotal,
  syslogYear,
  wrongHour,
  payloadSize,
  missingHours,
]

export function hintsFor(received: SecurityReport, expected: SecurityReport, ctx: HintContext): string[] {
  const out: string[] = []
  for (const detect of detectors) {
    try {
      const hint = detect(received, expected, ctx)
      if (hint) out.push(hint)
    } catch {
      // A detector that trips over an odd report gives no hint; the differences are still shown.
    }
  }
  return out
}

/** A hint for a call that threw: a malformed JSON line (or file) must be counted, never fatal. */
export function hintForThrow(message: string, name: string): string | undefined {
  if (name === 'SyntaxError' || /JSON|Unexpected token|Unexpected end|Bad control character/i.test(message)) {
    return (
      'A malformed JSON line (or a CloudTrail file cut short) stopped the whole run. Wrap each JSON.parse in ' +
      'try/catch and count the line as malformed (appEvents.malformedLines, audit.malformedFiles): one bad record ' +
      'must never lose the others.'
    )
  }
  return undefined
}
