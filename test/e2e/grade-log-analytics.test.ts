import { expect } from 'chai'
import { join } from 'node:path'
import { validateResultsJson } from '../../grader/report/results-json.js'
import { maxScore, runGrade, testNamed, type GradeRun } from './run-grade.js'

const fixtures = 'test/fixtures/submissions'
const grade = (fixture: string): GradeRun =>
  runGrade(['--submission', join(fixtures, fixture), '--only', 'log-analytics', '--no-bench'])

const check = {
  access: 'generated data: the access section',
  appEvents: 'generated data: the appEvents section',
  enrichment: 'generated data: the enrichment section',
  ranges: 'internal addresses by range (10/8, 172.16/12, 127/8, IPv6), not by prefix',
  malformed: 'malformed lines, records and files are counted, never fatal',
  syslogYear: 'syslog lines without a year: the default year, 29 February',
  yearOption: 'syslog lines without a year: options.year',
  thresholds: 'percentile, error threshold and windows over the whole data set, across files',
  hours: "hours as written at each offset, and from the event's own created_at",
}
const name = (strategy: string, title: string): string => `log-analytics › ${strategy} › ${title}`

function failedWith(run: GradeRun, strategy: string, title: string, ...fragments: string[]): void {
  const test = testNamed(run, name(strategy, title))
  expect(test.status, test.name).to.equal('failed')
  for (const fragment of fragments) expect(test.output, test.name).to.include(fragment)
}

const failedOf = (run: GradeRun, strategy: string): string[] =>
  run
    .results!.tests.filter((t) => t.status === 'failed' && t.name.split(' › ')[1] === strategy)
    .map((t) => t.name)

describe('npm run grade on the log-analytics exercise', function () {
  this.timeout(120_000)

  it('gives the untouched stubs 0 points, "not implemented yet" on each strategy check', function () {
    const run = runGrade(['--only', 'log-analytics', '--no-bench'])
    expect(run.status, run.stderr).to.equal(0)
    validateResultsJson(run.results)
    expect(run.results!.score).to.equal(0)
    const code = run.results!.tests.filter((t) => t.name.split(' › ')[1] !== 'all')
    expect(code).to.have.length(38)
    for (const test of code) expect(test.output, test.name).to.include('not implemented yet')
  })

  it('gives the reference solutions (--demo --quick) full marks on correctness, every speed test with a verdict', function () {
    const run = runGrade(['--demo', '--only', 'log-analytics', '--quick'])
    expect(run.status, run.stderr).to.equal(0)
    validateResultsJson(run.results)
    // Speed points of the reference against itself depend on what else the machine runs: only correctness counts.
    const lost = run
      .results!.tests.filter((t) => t.tags.includes('correctness') && t.score < t.max_score)
      .map((t) => `${t.name}: ${t.output}`)
    expect(lost).to.deep.equal([])
    expect(run.results!.score).to.be.greaterThan(maxScore(run) - 7)
    const speed = run.results!.tests.filter((t) => t.tags.includes('speed'))
    expect(speed.map((t) => t.name)).to.deep.equal([
      'log-analytics › sequential › speed against the reference',
      'log-analytics › parallel › speed against the reference',
      'log-analytics › parallel › speed-up over sequential',
    ])
    for (const test of speed) expect(test.extra_data?.verdict, test.name).to.be.a('string')
  })

  it('names private addresses checked by string prefix instead of by range', function () {
    const run = grade('log-analytics-private-prefix')
    for (const strategy of ['sequential', 'parallel']) {
      failedWith(run, strategy, check.ranges, 'classified by string prefix', '172.16.0.0/12', 'BlockList')
      failedWith(run, strategy, check.enrichment, 'classified by string prefix')
      expect(testNamed(run, name(strategy, check.access)).status).to.equal('passed')
    }
  })

  it('names thresholds, windows and percentiles computed per batch in the parallel strategy only', function () {
    const run = grade('log-analytics-per-batch')
    expect(failedOf(run, 'sequential')).to.deep.equal([])
    failedWith(
      run,
      'parallel',
      check.thresholds,
      'over the whole data set, after the partial aggregates are merged, never per batch',
      'anomalies.errorIps misses 1 address(es)',
      'auth.bruteForce misses 198.51.100.70',
      'a percentile of percentiles',
    )
  })

  it('names a malformed JSON line that crashes the run', function () {
    const run = grade('log-analytics-json-crash')
    for (const strategy of ['sequential', 'parallel']) {
      failedWith(run, strategy, check.malformed, 'threw SyntaxError', 'A malformed JSON line', 'try/catch')
      failedWith(run, strategy, check.appEvents, 'threw SyntaxError', 'A malformed JSON line')
    }
  })

  it('names a year taken from the clock, and a year option that is ignored, for syslog lines', function () {
    // The fixture's clock year is pinned to 2025 (no 29 February); that the hint names the current year as such is
    // tested with a fixed clock in test/exercises/log-analytics-definition.test.ts.
    const run = grade('log-analytics-syslog-year')
    failedWith(run, 'sequential', check.syslogYear, 'auth.malformedLines')
    failedWith(run, 'sequential', check.yearOption, 'firstFailure is in 2025, not 2019')
    failedWith(run, 'parallel', check.yearOption, 'firstFailure is in 2024, not 2019', 'options.year')
    expect(testNamed(run, name('parallel', check.syslogYear)).status).to.equal('passed')
  })

  it('names an hour taken from the wrong field: the payload, or converted to UTC', function () {
    const run = grade('log-analytics-hour-field')
    failedWith(run, 'sequential', check.hours, 'payload.pull_request.created_at', 'top-level created_at')
    failedWith(run, 'sequential', check.appEvents, 'payload.pull_request.created_at')
    expect(testNamed(run, name('sequential', check.access)).status).to.equal('passed')
    failedWith(run, 'parallel', check.hours, 'hours in UTC', 'as written in the line')
    failedWith(run, 'parallel', check.access, 'hours in UTC')
    expect(testNamed(run, name('parallel', check.appEvents)).status).to.equal('passed')
  })
})
