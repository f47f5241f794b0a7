// Piscina worker of the parallel strategy: counts one byte range of a plain file, or one whole .gz file, and moves
// its counts back without copying them. Loaded through piscina's require() path under tsx: no top-level await.
import { Piscina } from 'piscina'
import { transferables } from './key-table.js'
import { LogCounter, type LogCounts } from './log-counter.js'
import { countRangeSync } from './read-sync.js'
import { countStream, openLogStream } from './read-stream.js'

export type LogTask = { path: string; gzip: true } | { path: string; gzip: false; start: number; end: number }

export default async function countTask(task: LogTask): Promise<LogCounts> {
  const counter = new LogCounter()
  if (task.gzip) await countStream(openLogStream(task.path), counter)
  else countRangeSync(task.path, counter, task.start, task.end)
  const counts = counter.counts()
  // piscina's protocol for a value with transferable parts: the typed arrays move, the rest is cloned.
  const movable = {
    [Piscina.transferableSymbol]: [...transferables(counts.resources), ...transferables(counts.agents)],
    [Piscina.valueSymbol]: counts,
  }
  return Piscina.move(movable as never) as unknown as LogCounts
}
