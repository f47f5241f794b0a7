// From the merged aggregate to the report: everything that needs the whole data set happens here, once, after
// every batch has been merged (the 99th percentile, the brute-force windows, the "more than 5 errors" threshold).
import { isInternal } from './addresses.js'
import type { Aggregate } from './aggregate.js'
import type {
  BruteForceOptions,
  BruteForceSource,
  EnrichedAddress,
  Ranked,
  RiskLevel,
  SecurityOptions,
  SecurityReport,
} from './types.js'

export const defaultYear = 2024
export const defaultBruteForce: BruteForceOptions = { failures: 5, windowMinutes: 10 }
export const topCount = 5
/** An address with more than this many access errors is an anomaly. */
export const errorThreshold = 5

const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** Count descending, then key ascending (UTF-16 code units, never localeCompare). */
export function ranked(entries: Iterable<[string, number]>): Ranked {
  return [...entries].sort(([ka, a], [kb, b]) => b - a || byKey(ka, kb))
}

export function sortedRecord<T>(entries: Iterable<[string, T]>): Record<string, T> {
  return Object.fromEntries([...entries].sort(([a], [b]) => byKey(a, b)))
}

export const hourRecord = (hours: number[]): Record<string, number> =>
  Object.fromEntries(hours.map((n, h) => [String(h).padStart(2, '0'), n]))

/** Nearest rank: the smallest value with at least p% of the values at or below it (rank ⌈p/100 · n⌉). */
export function nearestRank(values: ArrayLike<number>, p: number): number | null {
  if (values.length === 0) return null
  const copy = Float64Array.from(values)
  return select(copy, Math.max(1, Math.ceil((p / 100) * copy.length)) - 1)
}

/** The k-th smallest value (0-based) in linear time on average: Hoare's selection, the array reordered in place. */
function select(values: Float64Array, k: number): number {
  let lo = 0
  let hi = values.length - 1
  while (lo < hi) {
    // Median of three as the pivot: sorted or constant runs stay linear.
    const mid = (lo + hi) >>> 1
    const a = values[lo]!
    const b = values[mid]!
    const c = values[hi]!
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b
    let i = lo
    let j = hi
    while (i <= j) {
      while (values[i]! < pivot) i++
      while (values[j]! > pivot) j--
      if (i <= j) {
        const t = values[i]!
        values[i++] = values[j]!
        values[j--] = t
      }
    }
    if (k <= j) hi = j
    else if (k >= i) lo = i
    else return values[k]!
  }
  return values[k]!
}

/** Most failures within any window [t, t + W), over a list of [timeMs, count] pairs. */
export function maxInWindow(flat: number[], windowMs: number): number {
  const pairs: [number, number][] = []
  for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i]!, flat[i + 1]!])
  pairs.sort((a, b) => a[0] - b[0])
  let best = 0
  let sum = 0
  let last = 0
  for (let first = 0; first < pairs.length; first++) {
    while (last < pairs.length && pairs[last]![0] < pairs[first]![0] + windowMs) sum += pairs[last++]![1]
    best = Math.max(best, sum)
    sum -= pairs[first]![1]
  }
  return best
}

function bruteForceSources(agg: Aggregate, options: BruteForceOptions): BruteForceSource[] {
  const windowMs = options.windowMinutes * 60_000
  const sources: BruteForceSource[] = []
  for (const [ip, flat] of agg.auth.failures) {
    const most = maxInWindow(flat, windowMs)
    if (most < options.failures) continue
    let failures = 0
    let first = Infinity
    for (let i = 0; i < flat.length; i += 2) {
      failures += flat[i + 1]!
      first = Math.min(first, flat[i]!)
    }
    sources.push({ ip, failures, maxInWindow: most, firstFailure: new Date(first).toISOString() })
  }
  return sources.sort((a, b) => b.failures - a.failures || byKey(a.ip, b.ip))
}

function positive(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    throw new RangeError(`options.${name} must be a positive number (got ${String(value)})`)
  return value
}

export function yearOption(options: SecurityOptions): number {
  const year = options.year ?? defaultYear
  if (!Number.isInteger(year) || year < 1000 || year > 9999)
    throw new RangeError(`options.year must be a four-digit year (got ${String(year)})`)
  return year
}

export function bruteForceOption(options: SecurityOptions): BruteForceOptions {
  const given = options.bruteForce ?? defaultBruteForce
  return {
    failures: positive('bruteForce.failures', given.failures),
    windowMinutes: positive('bruteForce.windowMinutes', given.windowMinutes),
  }
}

export function buildReport(agg: Aggregate, options: SecurityOptions = {}): SecurityReport {
  const { access: a, app: p, audit: c, auth: s } = agg
  const bruteForce = bruteForceSources(agg, bruteForceOption(options))
  const errorCounts = [...a.ips].filter(([, n]) => n > 0)
  const errorIps = ranked(errorCounts.filter(([, n]) => n > errorThreshold))
  const p99 = nearestRank(a.sizes, 99)
  let largeResponses = 0
  if (p99 !== null) for (const size of a.sizes) if (size > p99) largeResponses++

  const high = new Set<string>([...bruteForce.map((b) => b.ip), ...c.failedConsoleIps])
  const medium = new Set<string>([
    ...errorIps.map(([ip]) => ip),
    ...s.failures.keys(),
    ...s.invalidUserIps,
    ...c.externalConsoleIps,
    ...c.failedCallIps,
  ])
  const all = new Set<string>([...a.ips.keys(), ...c.ips.keys(), ...s.ips])
  const enrichment: EnrichedAddress[] = [...all].sort(byKey).map((ip) => {
    const risk: RiskLevel = high.has(ip) ? 'high' : medium.has(ip) ? 'medium' : 'low'
    return { ip, internal: isInternal(ip), risk }
  })

  return {
    access: {
      totalLines: a.total,
      parsedLines: a.parsed,
      malformedLines: a.malformed,
      statusCounts: sortedRecord(a.status),
      requestsPerHour: hourRecord(a.hours),
      errors: a.errors,
      clientErrors: a.clientErrors,
      serverErrors: a.serverErrors,
      errorRate: a.parsed > 0 ? a.errors / a.parsed : 0,
      endpoints: { api: a.api, login: a.login, admin: a.admin },
      topErrorIps: ranked(errorCounts).slice(0, topCount),
    },
    appEvents: {
      totalLines: p.total,
      parsedLines: p.parsed,
      malformedLines: p.malformed,
      byType: sortedRecord(
        [...p.types].map(([type, t]) => [
          type,
          { count: t.count, meanPayloadSize: t.sum / t.count, maxPayloadSize: t.max },
        ]),
      ),
      pushesPerHour: hourRecord(p.pushHours),
      pullRequestsPerHour: hourRecord(p.pullRequestHours),
    },
    audit: {
      files: c.files,
      malformedFiles: c.malformedFiles,
      totalRecords: c.records,
      malformedRecords: c.malformedRecords,
      consoleLogins: {
        total: c.consoleTotal,
        external: c.consoleExternal,
        externalFailed: c.consoleExternalFailed,
      },
      failedCalls: c.failedCalls,
      failedCallsByCode: sortedRecord(c.failedByCode),
      topSourceIps: ranked(c.ips).slice(0, topCount),
      eventsPerRegion: sortedRecord(c.regions),
    },
    auth: {
      totalLines: s.total,
      parsedLines: s.parsed,
      malformedLines: s.malformed,
      failedLogins: s.failedLogins,
      failedLoginsPerIp: sortedRecord(
        [...s.failures].map(([ip, flat]) => {
          let n = 0
          for (let i = 1; i < flat.length; i += 2) n += flat[i]!
          return [ip, n] as [string, number]
        }),
      ),
      invalidUsers: sortedRecord(s.invalidUsers),
      acceptedLogins: s.accepted,
      bruteForce,
    },
    enrichment,
    anomalies: { responseSizeP99: p99, largeResponses, errorIps },
  }
}
