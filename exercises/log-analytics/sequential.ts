import type { SecurityOptions, SecurityReport, Sources } from './types.js'

export type { SecurityOptions, SecurityReport, Sources } from './types.js'

/**
 * Read every source on the main thread, one record at a time, into one set of counts; then build the report.
 * Default `year`: 2024. Default `bruteForce`: 5 failures within 10 minutes. README.md pins every value.
 */
export function analyzeSecuritySequential(
  sources: Sources,
  options?: SecurityOptions,
): Promise<SecurityReport> {
  void sources
  void options
  return Promise.reject(
    new Error(
      'not implemented yet: analyzeSecuritySequential in exercises/log-analytics/sequential.ts (see exercises/log-analytics/README.md)',
    ),
  )
}
