// The benchmark's rounds: every timed call analyses a fresh sample of the data set (or of the real data given with
// --data), written by the child before the round: part of every source, new to the child, in an order of each
// strategy's own (samples.ts). The expected report of a sample is the merge of its units' aggregates, each unit
// counted once here with the reference's parser, all before anything is timed.
import type { SecurityReport } from '../../../solutions/log-analytics/types.js'
import { lineRanges } from '../../../solutions/log-analytics/read.js'
import type { ArgSpec, DataSize } from '../../types.js'
import type { BenchRound } from '../definition.js'
import { differences } from './compare.js'
import { expectedReportOfUnits, type Unit } from './expected.js'
import { relativeSources, sourceNames } from './layout.js'
import {
  blocksPerFile,
  keptShare,
  keptUnits,
  type LogAnalyticsRoundParams,
  type RoundFile,
  type SampleRef,
} from './samples.js'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { recordsBySize } from '../../../datasets/generators/log-analytics/plan.js'

/** Samples written while the round is prepared: tinybench's warm-up sample and the timed ones (see overrides). */
export const samplesPerRound = 3
const prewritten = samplesPerRound + 1

/** Records a call reads on a generated data set of each size (attacks aside): its share of the data set. */
export const recordsPerCall = (size: DataSize): number =>
  Math.round(Object.values(recordsBySize[size]).reduce((a, b) => a + b, 0) * keptShare(size))

const plans = new Map<string, RoundFile[]>()

/** The data set's files, plain line files cut into blocks of whole lines (cached per folder, size and dates). */
function roundFiles(dataDir: string, size: DataSize): RoundFile[] {
  const relative = relativeSources(dataDir)
  const stamp = sourceNames.flatMap((source) =>
    relative[source].map((name) => {
      const { size: bytes, mtimeMs } = statSync(join(dataDir, name))
      return `${name}:${bytes}:${mtimeMs}`
    }),
  )
  const key = JSON.stringify([dataDir, size, stamp])
  let files = plans.get(key)
  if (files) return files
  files = sourceNames.flatMap((source) =>
    relative[source].map((name): RoundFile => {
      const path = join(dataDir, name)
      if (source === 'audit' || name.endsWith('.gz')) return { source, path, name }
      const ranges = lineRanges(path, statSync(path).size, blocksPerFile(size))
        .filter(([start, end]) => end > start)
        .flat()
      return { source, path, name, ranges }
    }),
  )
  plans.set(key, files)
  return files
}

export function logAnalyticsRound(
  roundSeed: number,
  size: DataSize,
  dataDir: string | undefined,
): BenchRound {
  if (!dataDir) throw new Error('log-analytics: the benchmark needs a data set')
  const params: LogAnalyticsRoundParams = {
    roundSeed,
    files: roundFiles(dataDir, size),
    keep: keptShare(size),
    prewritten,
  }
  const expected = new Map<string, SecurityReport>()
  const expectedOf = (ref: SampleRef): SecurityReport => {
    const key = `${ref.sample}:${ref.call}`
    let report = expected.get(key)
    if (!report) {
      const units = [...keptUnits(params, ref)].flatMap(([index, blocks]) => {
        const { source, path, ranges } = params.files[index]!
        return blocks.map((block): Unit =>
          ranges ? { source, path, range: [ranges[block * 2]!, ranges[block * 2 + 1]!] } : { source, path },
        )
      })
      expected.set(key, (report = expectedReportOfUnits(units)))
    }
    return report
  }
  // Computed now, before anything is timed: verify() runs inside the timed task.
  for (let sample = 0; sample < prewritten; sample++) expectedOf({ sample, call: 0 })
  return {
    prepare: { name: 'log-analytics.round', params },
    sample: (sample, calls) =>
      Array.from({ length: calls }, (_, call): ArgSpec[] => [
        { kind: 'input', name: 'log-analytics.sample', params: { sample, call } satisfies SampleRef },
      ]),
    verify: (sample, call, value) => {
      if (typeof value !== 'object' || value === null)
        return `returned ${JSON.stringify(value)} instead of a report`
      let wrong: string[]
      try {
        wrong = differences(expectedOf({ sample, call }), value as SecurityReport)
      } catch {
        return 'returned a report without every section'
      }
      return wrong.length === 0
        ? undefined
        : `on a sample of the ${size} data set: ${wrong.slice(0, 3).join('; ')}`
    },
  }
}

/** Why real data given with --data cannot be benchmarked (undefined: it can). */
export function logAnalyticsDataProblem(path: string): string | undefined {
  if (!statSync(path).isDirectory())
    return 'give a folder laid out like the generated data (access*.log, app-events*.jsonl, auth*.log, audit/*.json[.gz])'
  const sources = relativeSources(path)
  if (sourceNames.every((name) => sources[name].length === 0))
    return 'no access*.log, app-events*.jsonl, auth*.log (each optionally .gz) or audit/*.json[.gz] files in it; name the files that way'
  return undefined
}
