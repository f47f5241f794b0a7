import type { LogOptions, LogReport } from './types.js'

export type { LogOptions, LogReport } from './types.js'

/**
 * Read the files one after another (a .gz file through zlib), count their lines and return the report.
 * See README.md for every field, and for what makes a line malformed (counted, never thrown on).
 */
export function analyzeLogsSequential(files: string[], options?: LogOptions): Promise<LogReport> {
  void files
  void options
  return Promise.reject(
    new Error(
      'not implemented yet: analyzeLogsSequential in exercises/access-logs/sequential.ts (see exercises/access-logs/README.md)',
    ),
  )
}
