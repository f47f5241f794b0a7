// Expected values: the reference's own parsing and report, run here in the grader on the very files the child reads.
import { buildReport } from '../../../solutions/log-analytics/report.js'
import { aggregateSources } from '../../../solutions/log-analytics/sequential.js'
import type { SecurityOptions, SecurityReport, Sources } from '../../../solutions/log-analytics/types.js'

const cache = new Map<string, SecurityReport>()

export function expectedReport(sources: Sources, options: SecurityOptions = {}): SecurityReport {
  const key = JSON.stringify([sources, options.year, options.bruteForce])
  let report = cache.get(key)
  if (!report) {
    report = buildReport(aggregateSources(sources, options.year ?? 2024), options)
    if (cache.size > 32) cache.clear()
    cache.set(key, report)
  }
  return report
}
