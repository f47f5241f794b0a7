import { availableParallelism } from 'node:os'
import { LogCounter } from './log-counter.js'
import { countStream, openLogStream } from './read-stream.js'
import { buildReport, positiveInteger, topOption } from './report.js'
import type { LogOptions, LogReport } from './types.js'

export type { LogOptions, LogReport } from './types.js'

/**
 * One thread, several files at once: each file is an async stream (gunzip for .gz, on libuv's thread pool), so
 * that reading and decompressing overlap with counting. At most `concurrency` files are open at a time.
 */
export async function analyzeLogsConcurrent(files: string[], options: LogOptions = {}): Promise<LogReport> {
  const top = topOption(options.top)
  const workers = positiveInteger('workers', options.workers ?? availableParallelism())
  const concurrency = positiveInteger('concurrency', options.concurrency ?? 2 * workers)
  const counter = new LogCounter()
  let next = 0
  const lane = async (): Promise<void> => {
    while (next < files.length) await countStream(openLogStream(files[next++]!), counter)
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, lane))
  return buildReport(counter, top)
}
