import { statSync } from 'node:fs'
import { newAggregate, type Aggregate } from './aggregate.js'
import { addAccessLine, addAppLine, addAuditText, addAuthLine } from './parse.js'
import { forEachLine, readAuditText } from './read.js'
import { buildReport, bruteForceOption, yearOption } from './report.js'
import type { SecurityOptions, SecurityReport, Sources } from './types.js'

export type { SecurityOptions, SecurityReport, Sources } from './types.js'

/** Every source into one aggregate, on this thread. */
export function aggregateSources(sources: Sources, year: number): Aggregate {
  const agg = newAggregate()
  for (const path of sources.access)
    forEachLine(path, statSync(path).size, (line) => addAccessLine(agg, line))
  for (const path of sources.appEvents)
    forEachLine(path, statSync(path).size, (line) => addAppLine(agg, line))
  for (const path of sources.audit) addAuditText(agg, readAuditText(path))
  for (const path of sources.auth)
    forEachLine(path, statSync(path).size, (line) => addAuthLine(agg, line, year))
  return agg
}

export function analyzeSecuritySequential(
  sources: Sources,
  options: SecurityOptions = {},
): Promise<SecurityReport> {
  return Promise.resolve().then(() => {
    const year = yearOption(options)
    bruteForceOption(options)
    return buildReport(aggregateSources(sources, year), options)
  })
}
