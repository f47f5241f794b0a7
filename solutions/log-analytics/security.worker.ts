// Piscina worker of the parallel strategy: one batch into a partial aggregate. Loaded through piscina's require()
// path under tsx: no top-level await.
import { newAggregate, type Aggregate } from './aggregate.js'
import type { Batch } from './batches.js'
import { addAccessLine, addAppLine, addAuditText, addAuthLine } from './parse.js'
import { forEachLineOfRange, forEachLineOfText, readAuditText, readText } from './read.js'

export interface BatchTask {
  batch: Batch
  year: number
}

export default function aggregateBatch({ batch, year }: BatchTask): Aggregate {
  const agg = newAggregate()
  if (batch.source === 'audit') {
    for (const path of batch.paths) addAuditText(agg, readAuditText(path))
    return agg
  }
  const add =
    batch.source === 'access'
      ? (line: string) => addAccessLine(agg, line)
      : batch.source === 'appEvents'
        ? (line: string) => addAppLine(agg, line)
        : (line: string) => addAuthLine(agg, line, year)
  if ('whole' in batch) forEachLineOfText(readText(batch.path), add)
  else forEachLineOfRange(batch.path, batch.start, batch.end, add)
  return agg
}
