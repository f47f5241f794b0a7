import { expect } from 'chai'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeLogAnalytics } from '../../datasets/generators/log-analytics.js'
import type { BenchRound } from '../../grader/exercises/definition.js'
import { logAnalyticsRound } from '../../grader/exercises/log-analytics/bench-round.js'
import { buildSampleSources, prepareLogAnalyticsRound } from '../../grader/exercises/log-analytics/inputs.js'
import { sourcesIn } from '../../grader/exercises/log-analytics/layout.js'
import type { LogAnalyticsRoundParams } from '../../grader/exercises/log-analytics/samples.js'
import { analyzeSecuritySequential } from '../../solutions/log-analytics/sequential.js'
import type { Sources } from '../../solutions/log-analytics/types.js'
import { inFolder } from '../helpers.js'

// Issue 17 §3: every call used to read the whole data set by path, so a report computed once (before the clock, or
// in an earlier round) answered every timed call.
describe('log-analytics: the benchmark samples', function () {
  this.timeout(120_000)
  const root = mkdtempSync(join(tmpdir(), 'parlab-log-analytics-bench-'))
  const dataDir = join(root, 'tiny')
  const scratch = join(root, 'scratch')
  before(async () => {
    mkdirSync(scratch)
    await writeLogAnalytics({ size: 'tiny', seed: 9, dir: dataDir })
  })
  after(() => rmSync(root, { recursive: true, force: true }))

  /** Prepares a round as the child would and returns the sources of `calls` calls of sample 0 (one per strategy). */
  const childSamples = (round: BenchRound, calls: number): Promise<Sources[]> =>
    inFolder(scratch, () => {
      const store = new Map<string, unknown>()
      prepareLogAnalyticsRound(round.prepare.params as LogAnalyticsRoundParams, store)
      return Array.from({ length: calls }, () => buildSampleSources({ sample: 0, call: 0 }, store) as Sources)
    })
  const bytesOf = (sources: Sources): string =>
    Object.values(sources)
      .flat()
      .map((path: string) => readFileSync(path, 'latin1'))
      .join('\0')

  it("accepts the reference's report of each strategy's copy, whose bytes differ, in round after round", async () => {
    for (const seed of [21, 22]) {
      const round = logAnalyticsRound(seed, 'tiny', dataDir)
      const copies = await childSamples(round, 3)
      expect(new Set(copies.map(bytesOf)).size).to.equal(3)
      for (const sources of copies) {
        expect(sources.access.length + sources.auth.length + sources.audit.length).to.be.above(2)
        expect(round.verify(0, 0, await analyzeSecuritySequential(sources), scratch)).to.equal(undefined)
      }
    }
  })

  it("rejects a report of the whole data set and a report of another round's sample", async () => {
    const round = logAnalyticsRound(31, 'tiny', dataDir)
    const whole = await analyzeSecuritySequential(sourcesIn(dataDir))
    expect(round.verify(0, 0, whole, scratch)).to.include('on a sample of the tiny data set')
    const [earlier] = await childSamples(logAnalyticsRound(30, 'tiny', dataDir), 1)
    const stale = await analyzeSecuritySequential(earlier!)
    expect(round.verify(0, 0, stale, scratch)).to.include('on a sample of the tiny data set')
  })
})
