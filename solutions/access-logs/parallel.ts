import { statSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { Piscina } from 'piscina'
import { LogCounter, type LogCounts } from './log-counter.js'
import { lineRanges } from './ranges.js'
import { isGzip } from './read-stream.js'
import { buildReport, positiveInteger, topOption } from './report.js'
import type { LogTask } from './logs.worker.js'
import type { LogOptions, LogReport } from './types.js'

export type { LogOptions, LogReport } from './types.js'

const workerFile = new URL(
  import.meta.url.endsWith('.ts') ? './logs.worker.ts' : './logs.worker.js',
  import.meta.url,
)
// Below this, a range is not worth a task of its own.
const minRangeBytes = 256 * 1024

// One pool, kept alive between calls (the benchmark warms it up); rebuilt only when the worker count changes.
let pool: Piscina<LogTask, LogCounts> | undefined

function poolOf(workers: number): Piscina<LogTask, LogCounts> {
  if (pool?.options.maxThreads !== workers) {
    void pool?.destroy()
    pool = new Piscina({
      filename: workerFile.href,
      minThreads: workers,
      maxThreads: workers,
      idleTimeout: 2_000,
    })
  }
  return pool
}

/** Each .gz file whole (it can only be read from its start); each plain file cut into line-aligned byte ranges. */
function plan(files: string[], workers: number): LogTask[] {
  const tasks: LogTask[] = []
  for (const path of files) {
    if (isGzip(path)) {
      tasks.push({ path, gzip: true })
      continue
    }
    const size = statSync(path).size
    const parts = Math.max(1, Math.min(workers, Math.floor(size / minRangeBytes)))
    for (const [start, end] of lineRanges(path, size, parts)) tasks.push({ path, gzip: false, start, end })
  }
  return tasks
}

/** Byte ranges of the files on a pool of worker threads; partial counts merged here as they come back. */
export async function analyzeLogsParallel(files: string[], options: LogOptions = {}): Promise<LogReport> {
  const top = topOption(options.top)
  const workers = positiveInteger('workers', options.workers ?? availableParallelism())
  const counter = new LogCounter()
  const tasks = plan(files, workers)
  if (tasks.length > 0) {
    const running = poolOf(workers)
    await Promise.all(tasks.map(async (task) => counter.merge(await running.run(task))))
  }
  return buildReport(counter, top)
}
