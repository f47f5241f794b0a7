// The benchmark's rounds: every timed call analyses the whole data set of the run's size (or the real data given
// with --data), read by path; the expected report is computed once per data set, before anything is timed.
import type { SecurityReport } from '../../../solutions/log-analytics/types.js'
import type { ArgSpec, DataSize } from '../../types.js'
import type { BenchRound } from '../definition.js'
import { sourcesArg } from './check-inputs.js'
import { differences } from './compare.js'
import { expectedReport } from './expected.js'
import { sourceNames, sourcesIn } from './layout.js'
import { statSync } from 'node:fs'
import { recordsBySize } from '../../../datasets/generators/log-analytics/plan.js'

/** Records of a generated data set of each size (attacks aside). */
export const recordsPerCall = (size: DataSize): number =>
  Object.values(recordsBySize[size]).reduce((a, b) => a + b, 0)

export function logAnalyticsRound(size: DataSize, dataDir: string | undefined): BenchRound {
  if (!dataDir) throw new Error('log-analytics: the benchmark needs a data set')
  const expected: SecurityReport = expectedReport(sourcesIn(dataDir))
  const arg: ArgSpec = sourcesArg('bench', { kind: 'data' }, dataDir)
  return {
    prepare: { name: 'log-analytics.round', params: {} },
    sample: (_sample, calls) => Array.from({ length: calls }, (): ArgSpec[] => [arg]),
    verify: (_sample, _call, value) => {
      if (typeof value !== 'object' || value === null)
        return `returned ${JSON.stringify(value)} instead of a report`
      let wrong: string[]
      try {
        wrong = differences(expected, value as SecurityReport)
      } catch {
        return 'returned a report without every section'
      }
      return wrong.length === 0 ? undefined : `on the ${size} data set: ${wrong.slice(0, 3).join('; ')}`
    },
  }
}

/** Why real data given with --data cannot be benchmarked (undefined: it can). */
export function logAnalyticsDataProblem(path: string): string | undefined {
  if (!statSync(path).isDirectory())
    return 'give a folder laid out like the generated data (access*.log, app-events*.jsonl, auth*.log, audit/*.json[.gz])'
  const sources = sourcesIn(path)
  if (sourceNames.every((name) => sources[name].length === 0))
    return 'no access*.log, app-events*.jsonl, auth*.log (each optionally .gz) or audit/*.json[.gz] files in it; name the files that way'
  return undefined
}
