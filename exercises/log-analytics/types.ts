/** The files of each source (CONTRACT.md §2; the exercise README pins every derived value). */
export interface Sources {
  /** Web access logs, combined format (plain or .gz). */
  access: string[]
  /** Application events, one GitHub-shaped JSON object a line (plain or .gz). */
  appEvents: string[]
  /** CloudTrail-shaped files, each `{ "Records": [...] }` (.json or .json.gz). */
  audit: string[]
  /** SSH auth logs in syslog format, no year in the timestamps (plain or .gz). */
  auth: string[]
}

export interface BruteForceOptions {
  /** Failed logins that make a brute force (default 5). */
  failures: number
  /** Length of the sliding window in minutes (default 10). */
  windowMinutes: number
}

export interface SecurityOptions {
  /** Worker threads of the parallel strategy (default os.availableParallelism()). */
  workers?: number
  /** The year of the syslog lines (default 2024, a constant: never the current year). */
  year?: number
  bruteForce?: BruteForceOptions
}

/** [key, count], count descending, then key ascending (UTF-16 code units). */
export type Ranked = [string, number][]

export interface AccessSection {
  totalLines: number
  parsedLines: number
  malformedLines: number
  /** "200", "404", …: parsed lines by status. */
  statusCounts: Record<string, number>
  /** "00"…"23", all 24: the hour as written, at the line's own offset. */
  requestsPerHour: Record<string, number>
  /** Status 400–599. */
  errors: number
  /** Status 400–499. */
  clientErrors: number
  /** Status 500–599. */
  serverErrors: number
  /** errors / parsedLines (0 when nothing parsed). */
  errorRate: number
  /** Parsed lines whose resource contains "/api/", "/login", "/admin". */
  endpoints: { api: number; login: number; admin: number }
  /** The 5 addresses with the most errors. */
  topErrorIps: Ranked
}

export interface PayloadStats {
  count: number
  /** Mean length of JSON.stringify(payload). */
  meanPayloadSize: number
  maxPayloadSize: number
}

export interface AppEventsSection {
  totalLines: number
  parsedLines: number
  malformedLines: number
  /** Per event type. */
  byType: Record<string, PayloadStats>
  /** "00"…"23", all 24: PushEvents by the UTC hour of created_at. */
  pushesPerHour: Record<string, number>
  /** "00"…"23", all 24: PullRequestEvents by the UTC hour of created_at. */
  pullRequestsPerHour: Record<string, number>
}

export interface AuditSection {
  files: number
  /** Files that are not JSON, or not an object with a Records array. */
  malformedFiles: number
  /** Records of the well-formed files. */
  totalRecords: number
  /** Records without one of the required fields (README). */
  malformedRecords: number
  /** ConsoleLogin events: all of them, those from external addresses, and those of them that failed. */
  consoleLogins: { total: number; external: number; externalFailed: number }
  /** Records with an errorCode. */
  failedCalls: number
  failedCallsByCode: Record<string, number>
  /** The 5 IP addresses with the most records (service names such as ec2.amazonaws.com left out). */
  topSourceIps: Ranked
  eventsPerRegion: Record<string, number>
}

export interface BruteForceSource {
  ip: string
  /** Failed logins of the address in the whole data set. */
  failures: number
  /** Most failed logins in one window. */
  maxInWindow: number
  /** ISO time (UTC, as written in the log, with the year option) of its first failed login. */
  firstFailure: string
}

export interface AuthSection {
  totalLines: number
  parsedLines: number
  malformedLines: number
  /** Failed logins (a repeated message counts N). */
  failedLogins: number
  failedLoginsPerIp: Record<string, number>
  /** User names of "Invalid user" lines, with how many lines named each. */
  invalidUsers: Record<string, number>
  acceptedLogins: number
  /** Addresses with at least `failures` failed logins within one window; failures descending, then ip. */
  bruteForce: BruteForceSource[]
}

export type RiskLevel = 'high' | 'medium' | 'low'

export interface EnrichedAddress {
  ip: string
  internal: boolean
  risk: RiskLevel
}

export interface AnomaliesSection {
  /** Nearest-rank 99th percentile of the sizes of parsed access lines ("-" left out); null without sizes. */
  responseSizeP99: number | null
  /** Parsed access lines with a size above responseSizeP99. */
  largeResponses: number
  /** Addresses with more than 5 access errors, errors descending, then ip. */
  errorIps: Ranked
}

export interface SecurityReport {
  access: AccessSection
  appEvents: AppEventsSection
  audit: AuditSection
  auth: AuthSection
  /** Every address seen, sorted by ip (UTF-16 code units). */
  enrichment: EnrichedAddress[]
  anomalies: AnomaliesSection
}
