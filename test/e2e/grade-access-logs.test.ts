import { expect } from 'chai'
import { join } from 'node:path'
import { validateResultsJson } from '../../grader/report/results-json.js'
import { expectDemoVerdicts, maxScore, runGrade, testNamed, type GradeRun } from './run-grade.js'

const fixtures = 'test/fixtures/submissions'
const grade = (fixture: string): GradeRun =>
  runGrade(['--submission', join(fixtures, fixture), '--only', 'access-logs', '--no-bench'])

const check = {
  real: "the 22 real lines of the course's log",
  generated: '20,000 generated lines, most of them with a referer',
  malformed: 'malformed lines are counted, never fatal',
  lineEndings: 'CRLF, a last line without a newline, blank lines and an empty file',
  hours: '"HH" and "YYYY-MM-DD HH" keys, hours as written at their own offset',
  ties: 'ties ordered by key (UTF-16 code units), and the top option',
  boundaries: 'lines that straddle chunk boundaries, and a line longer than a megabyte',
  gzip: 'a .gz file beside a plain one',
}
const name = (strategy: string, title: string): string => `access-logs › ${strategy} › ${title}`

function failedWith(run: GradeRun, strategy: string, title: string, ...fragments: string[]): void {
  const test = testNamed(run, name(strategy, title))
  expect(test.status, test.name).to.equal('failed')
  for (const fragment of fragments) expect(test.output, test.name).to.include(fragment)
}

const correctness = (run: GradeRun, strategy: string) =>
  run.results!.tests.filter((t) => t.tags.includes('correctness') && t.name.split(' › ')[1] === strategy)

describe('npm run grade on the access-logs exercise', function () {
  this.timeout(240_000)

  it('refuses real data it cannot benchmark before grading anything, in one line that says what to give', function () {
    const fixtureLog = 'datasets/fixtures/access-logs/zanbil-22.log'
    const short = runGrade([
      '--demo',
      '--only',
      'access-logs',
      '--quick',
      '--data',
      `access-logs=${fixtureLog}`,
    ])
    expect(short.status).to.equal(1)
    expect(short.stderr).to.match(
      /--data access-logs=.*zanbil-22\.log: .* has 22 lines; the tiny benchmark samples blocks of 500 lines\. Give a longer log/,
    )
    expect(short.stderr).to.not.match(/^\s+at /m)
    expect(short.results).to.equal(undefined)
    const missing = runGrade([
      '--demo',
      '--only',
      'access-logs',
      '--quick',
      '--data',
      'access-logs=/no/such/log',
    ])
    expect(missing.status).to.equal(1)
    expect(missing.stderr).to.include('--data access-logs=/no/such/log: no such file or folder')
  })

  it('gives the untouched stubs 0 points, "not implemented yet" on each strategy check', function () {
    const run = runGrade(['--only', 'access-logs', '--no-bench'])
    expect(run.status, run.stderr).to.equal(0)
    validateResultsJson(run.results)
    expect(run.results!.score).to.equal(0)
    const code = run.results!.tests.filter((t) => t.name.split(' › ')[1] !== 'all')
    expect(code).to.have.length(39)
    for (const test of code) expect(test.output, test.name).to.include('not implemented yet')
  })

  it('gives the reference solutions (--demo) full marks on correctness', function () {
    const run = runGrade(['--demo', '--only', 'access-logs', '--no-bench'])
    expect(run.status, run.stderr).to.equal(0)
    validateResultsJson(run.results)
    const failed = run
      .results!.tests.filter((t) => t.status === 'failed')
      .map((t) => `${t.name}: ${t.output}`)
    expect(failed).to.deep.equal([])
    expect(run.results!.score).to.equal(maxScore(run))
  })

  it('says that the course\'s regex kept only the lines whose referer is "-"', function () {
    const run = grade('access-logs-course-regex')
    for (const strategy of ['sequential', 'parallel', 'concurrent']) {
      failedWith(
        run,
        strategy,
        check.real,
        'Only the 11 of 22 lines whose referer is "-" were counted',
        '1,643,092',
      )
      failedWith(run, strategy, check.generated, 'whose referer is "-" were counted', "the course's regex")
    }
  })

  it('names mixed-up hour keys and hours converted to UTC', function () {
    const run = grade('access-logs-hour-keys')
    failedWith(
      run,
      'sequential',
      check.hours,
      'The two hour keys are mixed up',
      'requestsPerDateHour "YYYY-MM-DD HH"',
    )
    failedWith(run, 'parallel', check.hours, 'These are the hours in UTC', '+0330 is hour "03"')
    expect(correctness(run, 'concurrent').filter((t) => t.status === 'failed')).to.deep.equal([])
  })

  it('names ties in localeCompare or code point order, and an ignored top option', function () {
    const run = grade('access-logs-ties')
    failedWith(run, 'sequential', check.ties, 'ties are ordered by localeCompare')
    failedWith(run, 'parallel', check.ties, 'ties are ordered by Unicode code points')
    failedWith(run, 'concurrent', check.ties, 'options.top is 4')
  })

  it('names a dropped last line, a line counted after the final newline, and a kept \\r', function () {
    const run = grade('access-logs-line-endings')
    failedWith(run, 'sequential', check.lineEndings, 'A last line without a final newline was not counted')
    failedWith(run, 'parallel', check.lineEndings, 'An empty line after the final newline was counted')
    failedWith(run, 'concurrent', check.lineEndings, 'Lines that end with \\r\\n were not parsed')
  })

  it('names .gz read as text, lines cut at chunk boundaries, and a throw on a malformed line', function () {
    const run = grade('access-logs-gzip-boundaries-throws')
    failedWith(run, 'sequential', check.gzip, '.gz files were read as text', 'createGunzip')
    expect(testNamed(run, name('sequential', check.boundaries)).status).to.equal('passed')
    failedWith(run, 'parallel', check.boundaries, '12 lines too many', 'cut in two')
    failedWith(run, 'concurrent', check.malformed, 'threw Error: malformed line')
  })

  it('passes every correctness check with the course per-file pool over one big file (it loses speed, not points)', function () {
    const run = grade('access-logs-per-file-pool')
    expect(run.status, run.stderr).to.equal(0)
    const failed = run.results!.tests.filter((t) => t.status === 'failed').map((t) => t.name)
    expect(failed).to.deep.equal([])
  })

  it('gives --demo full marks but for speed with benchmarks (--quick), every speed test with a verdict', function () {
    expectDemoVerdicts('access-logs', 'access-logs')
  })
})
