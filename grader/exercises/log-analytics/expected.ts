// Expected values: the reference's own parsing and report, run here in the grader on the very files the child reads
// (or, for a benchmark sample, on the blocks and files it is made of).
import { statSync } from 'node:fs'
import { mergeAggregate, newAggregate, type Aggregate } from '../../../solutions/log-analytics/aggregate.js'
import type { Batch } from '../../../solutions/log-analytics/batches.js'
import { buildReport, defaultYear } from '../../../solutions/log-analytics/report.js'
import aggregateBatch from '../../../solutions/log-analytics/security.worker.js'
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

/** One unit of a benchmark sample: a block of lines of a plain file, or a whole file. */
export interface Unit {
  source: keyof Sources
  path: string
  range?: [number, number]
}

const unitCache = new Map<string, Aggregate>()
const maxCachedUnits = 512

/** The aggregate of one unit, with the reference's parsing (cached: a unit is counted once per data set). */
function unitAggregate(unit: Unit, year: number): Aggregate {
  const { mtimeMs, size } = statSync(unit.path)
  const key = JSON.stringify([unit, size, mtimeMs, year])
  let agg = unitCache.get(key)
  if (agg) return agg
  // A unit is one batch of the reference's parallel strategy: a range of lines, a whole file, or CloudTrail files.
  const batch: Batch =
    unit.source === 'audit'
      ? { source: 'audit', paths: [unit.path] }
      : unit.range
        ? { source: unit.source, path: unit.path, start: unit.range[0], end: unit.range[1] }
        : { source: unit.source, path: unit.path, whole: true }
  agg = aggregateBatch({ batch, year })
  if (unitCache.size >= maxCachedUnits) unitCache.delete(unitCache.keys().next().value!)
  unitCache.set(key, agg)
  return agg
}

/** The expected report of the units' lines and files together (merged aggregates: their order does not matter). */
export function expectedReportOfUnits(units: Unit[]): SecurityReport {
  const agg = newAggregate()
  // A clone each time: mergeAggregate may keep parts of what it merges (a unit's lists of failed logins).
  for (const unit of units) mergeAggregate(agg, structuredClone(unitAggregate(unit, defaultYear)))
  return buildReport(agg, {})
}
