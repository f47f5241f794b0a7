// Expected values: the reference's own parser and report, run here in the grader on the very bytes the child reads.
import { gunzipSync } from 'node:zlib'
import { LogCounter } from '../../../solutions/access-logs/log-counter.js'
import { buildReport } from '../../../solutions/access-logs/report.js'
import type { LogReport } from '../../../solutions/access-logs/types.js'
import type { LogFile } from './oracle.js'

/** Counts every line of the bytes: whole lines at once, then a last line without a newline, if any. */
export function countBytes(bytes: Buffer, counter: LogCounter): void {
  const lastNewline = bytes.lastIndexOf(0x0a)
  counter.lines(bytes, 0, lastNewline + 1)
  if (lastNewline + 1 < bytes.length) counter.line(bytes, lastNewline + 1, bytes.length)
}

export function expectedReport(files: LogFile[], top = 5): LogReport {
  const counter = new LogCounter()
  for (const file of files) {
    countBytes(file.name.endsWith('.gz') ? gunzipSync(file.bytes) : Buffer.from(file.bytes), counter)
  }
  return buildReport(counter, top)
}
