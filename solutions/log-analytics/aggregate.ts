// Partial aggregates: what one batch of records adds up to. Plain data (Maps, arrays, numbers), so that a worker
// can send it back whole; merged by addition, and only then turned into a report (report.ts), because the
// percentile, the brute-force windows and the "more than 5 errors" threshold need the whole data set.

export interface AccessPartial {
  total: number
  parsed: number
  malformed: number
  status: Map<string, number>
  hours: number[]
  errors: number
  clientErrors: number
  serverErrors: number
  api: number
  login: number
  admin: number
  /** Every client address seen, with its error count (0 for none). */
  ips: Map<string, number>
  /** Response sizes of parsed lines, "-" left out. */
  sizes: number[]
}

export interface TypeStats {
  count: number
  sum: number
  max: number
}

export interface AppPartial {
  total: number
  parsed: number
  malformed: number
  types: Map<string, TypeStats>
  pushHours: number[]
  pullRequestHours: number[]
}

export interface AuditPartial {
  files: number
  malformedFiles: number
  records: number
  malformedRecords: number
  consoleTotal: number
  consoleExternal: number
  consoleExternalFailed: number
  failedCalls: number
  failedByCode: Map<string, number>
  /** Records per IP address (service names left out). */
  ips: Map<string, number>
  regions: Map<string, number>
  failedCallIps: Set<string>
  externalConsoleIps: Set<string>
  failedConsoleIps: Set<string>
}

export interface AuthPartial {
  total: number
  parsed: number
  malformed: number
  failedLogins: number
  /** Per address, flat [timeMs, count, timeMs, count, …] of its failed logins. */
  failures: Map<string, number[]>
  invalidUsers: Map<string, number>
  invalidUserIps: Set<string>
  accepted: number
  /** Addresses of Failed, Accepted and Invalid user lines. */
  ips: Set<string>
}

export interface Aggregate {
  access: AccessPartial
  app: AppPartial
  audit: AuditPartial
  auth: AuthPartial
}

const hours = (): number[] => new Array<number>(24).fill(0)

export function newAggregate(): Aggregate {
  return {
    access: {
      total: 0,
      parsed: 0,
      malformed: 0,
      status: new Map(),
      hours: hours(),
      errors: 0,
      clientErrors: 0,
      serverErrors: 0,
      api: 0,
      login: 0,
      admin: 0,
      ips: new Map(),
      sizes: [],
    },
    app: {
      total: 0,
      parsed: 0,
      malformed: 0,
      types: new Map(),
      pushHours: hours(),
      pullRequestHours: hours(),
    },
    audit: {
      files: 0,
      malformedFiles: 0,
      records: 0,
      malformedRecords: 0,
      consoleTotal: 0,
      consoleExternal: 0,
      consoleExternalFailed: 0,
      failedCalls: 0,
      failedByCode: new Map(),
      ips: new Map(),
      regions: new Map(),
      failedCallIps: new Set(),
      externalConsoleIps: new Set(),
      failedConsoleIps: new Set(),
    },
    auth: {
      total: 0,
      parsed: 0,
      malformed: 0,
      failedLogins: 0,
      failures: new Map(),
      invalidUsers: new Map(),
      invalidUserIps: new Set(),
      accepted: 0,
      ips: new Set(),
    },
  }
}

export const bump = (map: Map<string, number>, key: string, by = 1): void => {
  map.set(key, (map.get(key) ?? 0) + by)
}

const addMap = (into: Map<string, number>, from: Map<string, number>): void => {
  for (const [key, n] of from) bump(into, key, n)
}
const addSet = (into: Set<string>, from: Set<string>): void => {
  for (const key of from) into.add(key)
}
const addHours = (into: number[], from: number[]): void => {
  for (let h = 0; h < 24; h++) into[h]! += from[h]!
}

/** Adds `from` into `into` (a commutative, associative sum: batches merge in any order). */
export function mergeAggregate(into: Aggregate, from: Aggregate): void {
  const a = into.access
  const b = from.access
  a.total += b.total
  a.parsed += b.parsed
  a.malformed += b.malformed
  addMap(a.status, b.status)
  addHours(a.hours, b.hours)
  a.errors += b.errors
  a.clientErrors += b.clientErrors
  a.serverErrors += b.serverErrors
  a.api += b.api
  a.login += b.login
  a.admin += b.admin
  addMap(a.ips, b.ips)
  for (const size of b.sizes) a.sizes.push(size)

  const p = into.app
  const q = from.app
  p.total += q.total
  p.parsed += q.parsed
  p.malformed += q.malformed
  for (const [type, stats] of q.types) {
    const mine = p.types.get(type)
    if (!mine) p.types.set(type, { ...stats })
    else {
      mine.count += stats.count
      mine.sum += stats.sum
      mine.max = Math.max(mine.max, stats.max)
    }
  }
  addHours(p.pushHours, q.pushHours)
  addHours(p.pullRequestHours, q.pullRequestHours)

  const c = into.audit
  const d = from.audit
  c.files += d.files
  c.malformedFiles += d.malformedFiles
  c.records += d.records
  c.malformedRecords += d.malformedRecords
  c.consoleTotal += d.consoleTotal
  c.consoleExternal += d.consoleExternal
  c.consoleExternalFailed += d.consoleExternalFailed
  c.failedCalls += d.failedCalls
  addMap(c.failedByCode, d.failedByCode)
  addMap(c.ips, d.ips)
  addMap(c.regions, d.regions)
  addSet(c.failedCallIps, d.failedCallIps)
  addSet(c.externalConsoleIps, d.externalConsoleIps)
  addSet(c.failedConsoleIps, d.failedConsoleIps)

  const s = into.auth
  const t = from.auth
  s.total += t.total
  s.parsed += t.parsed
  s.malformed += t.malformed
  s.failedLogins += t.failedLogins
  for (const [ip, list] of t.failures) {
    const mine = s.failures.get(ip)
    if (!mine) s.failures.set(ip, list)
    else for (const value of list) mine.push(value)
  }
  addMap(s.invalidUsers, t.invalidUsers)
  addSet(s.invalidUserIps, t.invalidUserIps)
  s.accepted += t.accepted
  addSet(s.ips, t.ips)
}
