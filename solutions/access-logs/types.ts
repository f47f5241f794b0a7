/** What every strategy returns (CONTRACT.md §2 pins each field). */
export interface LogReport {
  /** Every line, empty ones included; a final newline does not start another. */
  totalLines: number
  parsedLines: number
  malformedLines: number
  /** [resource, count], count descending, then resource ascending (UTF-16 code units). */
  topResources: [string, number][]
  topUserAgents: [string, number][]
  /** "00"…"23", all 24 of them: the hour as written in the log, at its own offset. */
  requestsPerHour: Record<string, number>
  /** "YYYY-MM-DD HH": only the hours seen. */
  requestsPerDateHour: Record<string, number>
  statusCounts: Record<string, number>
}

export interface LogOptions {
  /** Length of the top lists (default 5). */
  top?: number
  /** Worker threads of the parallel strategy (default os.availableParallelism()). */
  workers?: number
  /** Files read at once by the concurrent strategy (default 2 × workers). */
  concurrency?: number
}
