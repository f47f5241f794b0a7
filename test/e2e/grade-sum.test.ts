import { expect } from 'chai'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { validateResultsJson } from '../../grader/report/results-json.js'
import { hashTree } from '../helpers.js'
import { expectDemoVerdicts, maxScore, runGrade, testNamed, type GradeRun } from './run-grade.js'

const fixtures = 'test/fixtures/submissions'
/** sum's code checks, "all" aside: 8 value checks for each of the 3 strategies. */
const valueChecks = 24
const grade = (fixture: string, ...extra: string[]): GradeRun =>
  runGrade(['--submission', join(fixtures, fixture), '--only', 'sum', '--no-bench', ...extra])

describe('npm run grade on the sum exercise', function () {
  this.timeout(180_000)

  it('gives the untouched stubs 0 points, "not implemented yet" on each code check and an unanswered quiz', function () {
    const run = runGrade(['--only', 'sum', '--no-bench'])
    expect(run.status, run.stderr).to.equal(0)
    validateResultsJson(run.results)
    expect(run.results!.score).to.equal(0)
    const code = run.results!.tests.filter(
      (t) => t.tags.includes('correctness') && t.name.split(' › ')[1] !== 'all',
    )
    expect(code).to.have.length(valueChecks)
    for (const test of code) expect(test.output, test.name).to.include('not implemented yet')
    const quiz = run.results!.tests.filter((t) => t.tags.includes('quiz'))
    expect(quiz).to.have.length(7)
    for (const test of quiz) expect(test.output).to.include('unanswered')
    expect(run.results!.tests.some((t) => t.tags.includes('speed'))).to.equal(false)
    expect(existsSync(join(run.outDir, 'index.html'))).to.equal(true)
  })

  it('gives the reference solutions (--demo) full marks on correctness and the quiz', function () {
    const run = runGrade(['--demo', '--only', 'sum', '--no-bench'])
    expect(run.status, run.stderr).to.equal(0)
    validateResultsJson(run.results)
    const failed = run
      .results!.tests.filter((t) => t.status === 'failed')
      .map((t) => `${t.name}: ${t.output}`)
    expect(failed).to.deep.equal([])
    expect(run.results!.score).to.equal(maxScore(run))
  })

  it('says that the course chunking drops the remainder', function () {
    const run = grade('dropped-remainder')
    for (const strategy of ['parallel', 'concurrent']) {
      const test = testNamed(run, `sum › ${strategy} › length not divisible by the worker count`)
      expect(test.status).to.equal('failed')
      expect(test.output).to.include('were dropped').and.include('size = n // k')
    }
    expect(testNamed(run, 'sum › sequential › length not divisible by the worker count').status).to.equal(
      'passed',
    )
    expect(testNamed(run, 'sum › parallel › 1..10,000,000 gives 50,000,005,000,000').status).to.equal(
      'passed',
    )
  })

  it('names a wrong return type, and shows the type error as a warning without refusing to grade', function () {
    const run = grade('wrong-type')
    const test = testNamed(run, 'sum › sequential › one value')
    expect(test.status).to.equal('failed')
    expect(test.output).to.include('a string "42"').and.include('must be number')
    expect(run.results!.extra_data.typeWarnings).to.deep.include(
      "sum/sequential.ts:4:3: Type 'string' is not assignable to type 'number'.",
    )
  })

  it('stops a submission that fills memory outside the JS heap, and grades the rest', function () {
    const run = grade('memory-hog')
    expect(run.status, run.stderr).to.equal(0)
    expect(testNamed(run, 'sum › sequential › 1..10,000,000 gives 50,000,005,000,000').output).to.match(
      /ran out of memory: the process tree used \d+ MB/,
    )
    expect(testNamed(run, 'sum › parallel › one value').output).to.include('missing')
  })

  it('grades a folder that lies outside the project, with piscina and a worker file', function () {
    const root = mkdtempSync(join(tmpdir(), 'parlab-outside-'))
    cpSync('solutions/sum', join(root, 'sum'), { recursive: true })
    const run = runGrade(['--submission', root, '--only', 'sum', '--no-bench'])
    expect(run.status, run.stderr).to.equal(0)
    expect(run.results!.score).to.equal(maxScore(run))
  })

  it("maps a thrown error's stack to the student's .ts lines and shows the tail of stderr", function () {
    const test = testNamed(grade('throws-error'), 'sum › sequential › one value')
    expect(test.output).to.include('threw RangeError: values must not be empty')
    expect(test.output).to.match(/at checkInput \(.*throws-error\/sum\/sequential\.ts:3:\d+\)/)
    expect(test.output).to.match(/at sequentialSum \(.*throws-error\/sum\/sequential\.ts:7:\d+\)/)
    expect(test.output).to.include('stderr (last lines):\nchecking 1 values')
  })

  it('reports a thrown string as a non-Error throw', function () {
    const test = testNamed(grade('throws-string'), 'sum › parallel › empty input gives 0')
    expect(test.output).to.include('threw a non-Error value: "oops, not an Error" (string)')
  })

  it('stops an infinite loop, fails the rest of that strategy at once, and finishes', function () {
    const run = grade('infinite-loop')
    expect(run.status, run.stderr).to.equal(0)
    const concurrent = run.results!.tests.filter((t) => t.name.startsWith('sum › concurrent › '))
    expect(concurrent).to.have.length(valueChecks / 3)
    expect(concurrent[0]!.name).to.equal('sum › concurrent › 1..10,000,000 gives 50,000,005,000,000')
    expect(concurrent[0]!.output).to.include('did not finish within 5,000 ms')
    // At once: none of the others is called (each would wait out its own time limit), each says why.
    for (const test of concurrent.slice(1))
      expect(test.output, test.name).to.equal(
        'not run: an earlier call of concurrent timed out after 5000 ms',
      )
  })

  it('turns process.exit midway into a failed check and grades the rest', function () {
    const run = grade('exits')
    expect(testNamed(run, 'sum › parallel › one value').output).to.include('process.exit()')
    expect(testNamed(run, 'sum › sequential › one value').output).to.include('missing')
  })

  it('grades a submission without the exercise folder: every check says the file is missing', function () {
    const run = runGrade([
      '--submission',
      mkdtempSync(join(tmpdir(), 'parlab-empty-')),
      '--only',
      'sum',
      '--no-bench',
    ])
    expect(run.status, run.stderr).to.equal(0)
    expect(run.results!.score).to.equal(0)
    const code = run.results!.tests.filter(
      (t) => t.tags.includes('correctness') && !t.name.includes(' › all › '),
    )
    expect(code).to.have.length(valueChecks)
    for (const test of code) expect(test.output, test.name).to.include('is missing from the submission')
  })

  it('suggests the export a student probably meant', function () {
    const test = testNamed(grade('missing-export'), 'sum › sequential › one value')
    expect(test.output).to.include('has no export named sequentialSum. Did you mean sequentialsum?')
  })

  it('denies writes into solutions/ and reports/, and changes nothing there', function () {
    const root = mkdtempSync(join(tmpdir(), 'parlab-writer-'))
    mkdirSync(join(root, 'sum'))
    const targets = [resolve('solutions/sum/sequential.ts'), resolve('reports/owned.txt')]
    writeFileSync(
      join(root, 'sum', 'sequential.ts'),
      `import { writeFileSync } from 'node:fs'
export function sequentialSum(values: Float64Array): number {
  for (const target of ${JSON.stringify(targets)}) writeFileSync(target, 'owned')
  return values.reduce((a, b) => a + b, 0)
}
`,
    )
    const before = hashTree('solutions')
    const run = runGrade(['--submission', root, '--only', 'sum', '--no-bench'])
    const test = testNamed(run, 'sum › sequential › one value')
    expect(test.status).to.equal('failed')
    expect(test.output).to.include('ERR_ACCESS_DENIED')
    expect(hashTree('solutions')).to.equal(before)
    expect(existsSync('reports/owned.txt')).to.equal(false)
  })

  it('gives --demo full marks but for speed with benchmarks (--quick), every speed test with a verdict', function () {
    expectDemoVerdicts('sum', 'sum')
  })

  it('times from outside the process: a submission that patches its clocks is measured as it is', function () {
    const run = runGrade(['--submission', join(fixtures, 'patched-clock'), '--only', 'sum', '--quick'])
    expect(run.status, run.stderr).to.equal(0)
    // Timed inside the child, its calls would take 0 ms by its patched clocks: a ratio of 0, infinitely fast. How
    // much slower its three passes are is the machine's business (npm run bench), not this test's.
    const test = testNamed(run, 'sum › concurrent › speed against the reference')
    expect(test.extra_data?.ratio?.low).to.be.a('number').and.above(0)
    expect(test.extra_data?.ratio?.high).to.be.a('number').and.satisfy(Number.isFinite)
    expect(test.extra_data?.verdict).to.be.a('string')
  })

  it('mixes PARLAB_SECRET into the seed: another secret, other hidden inputs; only its fingerprint is shown', function () {
    // The references, but sequential answers with the length of its input: its failed check on the run's random
    // input shows that input (100,000 values and the seed mod 997 more).
    const root = mkdtempSync(join(tmpdir(), 'parlab-secret-'))
    cpSync('solutions/sum', join(root, 'sum'), { recursive: true })
    writeFileSync(
      join(root, 'sum', 'sequential.ts'),
      'export function sequentialSum(values: Float64Array): number {\n  return values.length\n}\n',
    )
    const hidden = "sum › sequential › a random input of the run's seed"
    const runs = ['class-of-2026-secret', 'class-of-2027-secret'].map((secret) => {
      const run = runGrade(['--submission', root, '--only', 'sum', '--no-bench'], { PARLAB_SECRET: secret })
      expect(run.status, run.stderr).to.equal(0)
      // The other strategies, the references', pass on the secret's inputs.
      const others = run.results!.tests.filter((t) => /^sum › (parallel|concurrent) › /.test(t.name))
      expect(others).to.have.length((2 * valueChecks) / 3)
      for (const test of others) expect(test.status, `${test.name}: ${test.output}`).to.equal('passed')
      const text =
        readFileSync(join(run.outDir, 'results.json'), 'utf8') +
        readFileSync(join(run.outDir, 'index.html'), 'utf8')
      expect(text).to.not.include(secret)
      expect(run.results!.extra_data.secretFingerprint).to.match(/^[0-9a-f]{12}$/)
      expect(run.results!.extra_data.regradeCommand).to.include('PARLAB_SECRET="$PARLAB_SECRET"')
      const output = testNamed(run, hidden).output
      expect(output).to.match(/received 100,\d{3}$/)
      return { output, fingerprint: run.results!.extra_data.secretFingerprint }
    })
    expect(runs[1]!.fingerprint).to.not.equal(runs[0]!.fingerprint)
    expect(runs[1]!.output, 'the same hidden input under two secrets').to.not.equal(runs[0]!.output)
  })

  it('rejects bad arguments with exit status 2 and one line that names the fix', function () {
    const run = runGrade(['--only', 'summ'])
    expect(run.status).to.equal(2)
    expect(run.stderr.trim().split('\n')).to.have.length(1)
    expect(run.stderr).to.include('Did you mean "sum"?')
    expect(runGrade(['--size', 'huge']).status).to.equal(2)
  })
})
