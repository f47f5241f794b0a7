import { LogCounter } from './log-counter.js'
import { countRangeSync } from './read-sync.js'
import { countStream, isGzip, openLogStream } from './read-stream.js'
import { buildReport, topOption } from './report.js'
import type { LogOptions, LogReport } from './types.js'

export type { LogOptions, LogReport } from './types.js'

/** One file after another, one block at a time, on this thread. */
export async function analyzeLogsSequential(files: string[], options: LogOptions = {}): Promise<LogReport> {
  const top = topOption(options.top)
  const counter = new LogCounter()
  for (const file of files) {
    // zlib has no synchronous streaming API: a .gz file is read as a stream, still one chunk at a time.
    if (isGzip(file)) await countStream(openLogStream(file), counter)
    else countRangeSync(file, counter)
  }
  return buildReport(counter, top)
}
