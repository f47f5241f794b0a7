import { expect } from 'chai'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { writeLogAnalytics } from '../../datasets/generators/log-analytics.js'
import { runChecks } from '../../grader/check/check.js'
import type { CheckContext, ValueCheck } from '../../grader/exercises/definition.js'
import { fixturesDir, sourcesOf } from '../../grader/exercises/log-analytics/check-inputs.js'
import { differences } from '../../grader/exercises/log-analytics/compare.js'
import { logAnalyticsDefinition } from '../../grader/exercises/log-analytics/definition.js'
import { expectedReport } from '../../grader/exercises/log-analytics/expected.js'
import { buildSources, type SourcesParams } from '../../grader/exercises/log-analytics/inputs.js'
import { sourcesIn } from '../../grader/exercises/log-analytics/layout.js'
import { analyzeSecurityParallel } from '../../solutions/log-analytics/parallel.js'
import { analyzeSecuritySequential } from '../../solutions/log-analytics/sequential.js'
import type { SecurityReport, Sources } from '../../solutions/log-analytics/types.js'
import { inFolder } from '../helpers.js'

function digest(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (at: string): void => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name)
      if (statSync(path).isDirectory()) walk(path)
      else out[relative(dir, path)] = createHash('sha256').update(readFileSync(path)).digest('hex')
    }
  }
  walk(dir)
  return out
}

/** Runs `body` with `new Date()` and `Date.now()` in the middle of `year` (a fake clock; dates given explicitly stay). */
async function withClockIn(year: number, body: () => Promise<void>): Promise<void> {
  const RealDate = Date
  const fixed = RealDate.UTC(year, 5, 15, 12)
  class FixedClock extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(fixed)
      else super(...(args as [number, number]))
    }
    static override now(): number {
      return fixed
    }
  }
  globalThis.Date = FixedClock as DateConstructor
  try {
    await body()
  } finally {
    globalThis.Date = RealDate
  }
}

describe('the log-analytics grader definition', function () {
  this.timeout(60_000)
  const root = mkdtempSync(join(tmpdir(), 'parlab-log-analytics-'))
  const dataDir = join(root, 'tiny')
  const scratch = join(root, 'scratch')
  let tiny: SecurityReport
  before(async () => {
    mkdirSync(scratch)
    await writeLogAnalytics({ size: 'tiny', seed: 7, dir: dataDir })
    tiny = await analyzeSecuritySequential(sourcesIn(dataDir))
  })
  after(() => rmSync(root, { recursive: true, force: true }))

  const ctx = (entry: string): CheckContext => ({ entry, seed: 5, dataDir })

  it('has an implementation for every check of the manifest', () => {
    expect(Object.keys(logAnalyticsDefinition.checks).sort()).to.deep.equal(
      logAnalyticsDefinition.manifest.checks.map((check) => check.id).sort(),
    )
  })

  it('generates the same bytes for the same seed, on this thread or on a pool', async () => {
    const again = join(root, 'again')
    await writeLogAnalytics({ size: 'tiny', seed: 7, dir: again, workers: 2 })
    expect(digest(again)).to.deep.equal(digest(dataDir))
    const other = join(root, 'other')
    await writeLogAnalytics({ size: 'tiny', seed: 8, dir: other })
    expect(digest(other)['access.log']).to.not.equal(digest(dataDir)['access.log'])
  })

  it('generates four sources with attacks, malformed records and every kind of address', () => {
    const sources = sourcesIn(dataDir)
    expect(sources.audit.length).to.be.greaterThan(3)
    expect(sources.audit.some((path) => path.endsWith('.json.gz'))).to.equal(true)
    expect(tiny.access.malformedLines / tiny.access.totalLines).to.be.within(0.003, 0.03)
    expect(tiny.appEvents.malformedLines / tiny.appEvents.totalLines).to.be.within(0.003, 0.03)
    expect(tiny.auth.malformedLines / tiny.auth.totalLines).to.be.within(0.002, 0.03)
    expect(tiny.audit.malformedFiles).to.equal(1)
    expect(tiny.audit.malformedRecords).to.be.greaterThan(0)
    expect(tiny.auth.bruteForce.length).to.be.greaterThan(1)
    expect(tiny.auth.bruteForce.some((b) => b.ip.startsWith('10.'))).to.equal(true)
    // A slow guesser: many failures in all, never enough within one window.
    const slow = Object.entries(tiny.auth.failedLoginsPerIp).filter(
      ([ip, n]) => n >= 5 && !tiny.auth.bruteForce.some((b) => b.ip === ip),
    )
    expect(slow.length).to.be.greaterThan(0)
    expect(tiny.anomalies.errorIps.length).to.be.greaterThan(2)
    const internal = tiny.enrichment.filter((e) => e.internal).map((e) => e.ip)
    expect(internal).to.include.members(['172.20.3.4', '10.200.4.2', '127.0.0.1', '::1'])
    expect(Object.keys(tiny.audit.eventsPerRegion).length).to.be.greaterThan(1)
    const auth = readFileSync(sourcesIn(dataDir).auth[0]!, 'utf8')
    expect(auth)
      .to.match(/^Feb 29 /m)
      .and.match(/^Mar {2}1 /m)
      .and.match(/message repeated \d+ times: \[ Failed/)
  })

  it('gives the same report sequentially and in parallel, on the tiny set and with 3 workers', async () => {
    const parallel = await analyzeSecurityParallel(sourcesIn(dataDir), { workers: 3 })
    expect(differences(tiny, parallel)).to.deep.equal([])
  })

  it('expects for each check what the reference reads in the files the child is given', async () => {
    for (const [id, check] of Object.entries(logAnalyticsDefinition.checks)) {
      if (check.kind !== 'value') continue
      const args = check.args(ctx('sequential'))
      const spec = args[0] as { params: SourcesParams }
      const sources = await inFolder(scratch, () => buildSources(spec.params) as unknown as Sources)
      const options = args[1]?.kind === 'value' ? (args[1].value as object) : {}
      const fromChild = await analyzeSecuritySequential(sources, options)
      const expected = check.expected(ctx('sequential')) as SecurityReport
      expect(differences(expected, fromChild), id).to.deep.equal([])
      const judged = await check.judge(fromChild, expected, {
        ...ctx('sequential'),
        scratchDir: scratch,
        progressCalls: 0,
      })
      expect(judged.passed, id).to.equal(true)
    }
  })

  it('fails a report with one wrong count, naming the field', async () => {
    const check = logAnalyticsDefinition.checks.access as ValueCheck
    const expected = check.expected(ctx('sequential')) as SecurityReport
    const wrong = structuredClone(expected)
    wrong.access.errors += 1
    const judged = await check.judge(wrong, expected, {
      ...ctx('sequential'),
      scratchDir: scratch,
      progressCalls: 0,
    })
    expect(judged.passed).to.equal(false)
    expect(judged.message).to.include('access.errors: expected')
  })

  it('names payload sizes in bytes, an interpolated percentile and a brute force by total count', async () => {
    const judge = async (id: string, mutate: (report: SecurityReport) => void): Promise<string> => {
      const check = logAnalyticsDefinition.checks[id] as ValueCheck
      const expected = check.expected(ctx('sequential')) as SecurityReport
      const wrong = structuredClone(expected)
      mutate(wrong)
      const judged = await check.judge(wrong, expected, {
        ...ctx('sequential'),
        scratchDir: scratch,
        progressCalls: 0,
      })
      expect(judged.passed, id).to.equal(false)
      return judged.hint ?? ''
    }
    const payloads = readFileSync(join(fixturesDir, 'payload', 'app-events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; payload: unknown })
    expect(
      await judge('payload', (report) => {
        for (const [type, stats] of Object.entries(report.appEvents.byType)) {
          const bytes = payloads
            .filter((e) => e.type === type)
            .map((e) => Buffer.byteLength(JSON.stringify(e.payload)))
          stats.maxPayloadSize = Math.max(...bytes)
          stats.meanPayloadSize = bytes.reduce((a, b) => a + b, 0) / bytes.length
        }
      }),
    ).to.include('bytes of UTF-8')
    expect(await judge('percentile', (report) => (report.anomalies.responseSizeP99 = 148.51))).to.include(
      'linear interpolation',
    )
    expect(
      await judge('brute-force', (report) =>
        report.auth.bruteForce.push({
          ip: '203.0.113.2',
          failures: 6,
          maxInWindow: 4,
          firstFailure: '2024-03-02T10:00:00.000Z',
        }),
      ),
    ).to.include('not a total count')
  })

  it("names the current year in a syslog year that is not options.year, by the grader's clock", async () => {
    const check = logAnalyticsDefinition.checks['year-option'] as ValueCheck
    const expected = check.expected(ctx('sequential')) as SecurityReport
    expect(expected.auth.bruteForce.length).to.be.above(0)
    const hintFor = async (year: number): Promise<string> => {
      const wrong = structuredClone(expected)
      for (const b of wrong.auth.bruteForce) b.firstFailure = `${year}${b.firstFailure.slice(4)}`
      const judged = await check.judge(wrong, expected, {
        ...ctx('sequential'),
        scratchDir: scratch,
        progressCalls: 0,
      })
      expect(judged.passed).to.equal(false)
      return judged.hint ?? ''
    }
    // A clock fixed in 2031, whatever today's date: the remark depends on the year the grader runs in.
    await withClockIn(2031, async () => {
      expect(await hintFor(2031))
        .to.include('firstFailure is in 2031, not 2019')
        .and.include('2031 is the current year')
      const other = await hintFor(2030)
      expect(other).to.include('firstFailure is in 2030, not 2019')
      expect(other).to.not.include('current year')
    })
  })

  it('validates the shape against the published schema, naming the field, before judging', async () => {
    const broken = structuredClone(tiny) as unknown as { access: Record<string, unknown> }
    broken.access.errorRate = '6%'
    const results = await runChecks({
      definition: {
        ...logAnalyticsDefinition,
        manifest: {
          ...logAnalyticsDefinition.manifest,
          checks: logAnalyticsDefinition.manifest.checks.slice(0, 1),
        },
      },
      call: () =>
        Promise.resolve({ outcome: { state: 'returned', value: broken, wasPromise: true, durationMs: 1 } }),
      seed: 5,
      dataDir,
    })
    expect(results).to.have.length(2)
    for (const result of results) {
      expect(result.status).to.equal('failed')
      expect(result.message).to.include('/access/errorRate').and.include('must be number')
    }
  })

  it('reads fixtures the way the README says', () => {
    const report = expectedReport(sourcesOf({ kind: 'fixture', name: 'percentile' }, undefined))
    expect(report.anomalies.responseSizeP99).to.equal(149)
    expect(report.anomalies.largeResponses).to.equal(1)
    const brute = expectedReport(sourcesOf({ kind: 'fixture', name: 'brute-force' }, undefined))
    expect(brute.auth.bruteForce.map((b) => b.ip)).to.deep.equal([
      '203.0.113.6',
      '203.0.113.1',
      '203.0.113.3',
    ])
    expect(brute.auth.invalidUsers).to.deep.equal({ '': 1, admin: 2, test: 3 })
    const year = expectedReport(sourcesOf({ kind: 'fixture', name: 'syslog-year' }, undefined))
    expect(year.auth.bruteForce.find((b) => b.ip === '198.51.100.20')?.firstFailure).to.equal(
      '2024-02-28T23:58:00.000Z',
    )
  })
})
