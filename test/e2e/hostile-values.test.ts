import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { validateResultsJson } from '../../grader/report/results-json.js'

// Issue 13, class 6: values and text that come from students. A value that refers to itself once crashed a single
// run (exit 1, no report) and turned a batch's student into `crashed` with no checks shown.
const fixtures = 'test/fixtures/submissions'
// A student id that is also a shell injection, with quotes and spaces.
const injected = `x$(touch PWNED) it's "quoted"`

function grade(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'grader/cli.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
    timeout: 200_000,
  })
  return { status: run.status, stdout: run.stdout, stderr: run.stderr }
}

interface Results {
  tests: { name: string; status: string; output: string }[]
  extra_data: { regradeCommand: string }
}
const readResults = (path: string): Results => {
  const results = JSON.parse(readFileSync(path, 'utf8')) as Results
  validateResultsJson(results)
  return results
}
const outputOf = (results: Results, name: string): string =>
  results.tests.find((t) => t.name === name)?.output ?? `no test "${name}"`

describe('values and text that come from students', function () {
  this.timeout(240_000)

  it('one submission that returns a cyclic object: graded, its checks failed with the reason, reports written', () => {
    const out = mkdtempSync(join(tmpdir(), 'parlab-values-one-'))
    const run = grade([
      '--submission',
      join(fixtures, 'hostile-values-cyclic'),
      '--only',
      'sum',
      '--no-bench',
      '--quick',
      '--out',
      out,
    ])
    expect(run.status, run.stderr).to.equal(0)
    const results = readResults(join(out, 'results.json'))
    expect(outputOf(results, 'sum › sequential › one value')).to.include(
      'returned an object that refers to itself (value.self is the value itself)',
    )
    expect(readFileSync(join(out, 'index.html'), 'utf8')).to.include('refers to itself')
  })

  it('a batch: hostile values fail their checks, the students are graded, and the regrade command is inert', () => {
    const classDir = mkdtempSync(join(tmpdir(), 'parlab-values-class-'))
    const out = mkdtempSync(join(tmpdir(), 'parlab-values-out-'))
    cpSync(join(fixtures, 'hostile-values-cyclic'), join(classDir, injected), { recursive: true })
    cpSync(join(fixtures, 'hostile-values-mixed'), join(classDir, 'mixed'), { recursive: true })
    const run = grade(['--submissions', classDir, '--only', 'sum', '--no-bench', '--out', out])
    expect(run.status, run.stderr).to.equal(0)

    const gradebook = readFileSync(join(out, 'gradebook.csv'), 'utf8').split('\r\n')
    expect(gradebook.filter((line) => /,graded,/.test(line))).to.have.length(2)
    for (const line of readFileSync(join(out, 'events.jsonl'), 'utf8').trim().split('\n')) JSON.parse(line)
    expect(readFileSync(join(out, 'index.html'), 'utf8')).to.include('x$(touch PWNED) it&#x27;s')

    const cyclic = readResults(join(out, 'students', injected, 'results.json'))
    expect(outputOf(cyclic, 'sum › sequential › empty input gives 0')).to.include('refers to itself')
    const mixed = readResults(join(out, 'students', 'mixed', 'results.json'))
    const expectations: [string, string][] = [
      ['sum › sequential › empty input gives 0', 'returned a bigint (about 30,10'],
      ['sum › sequential › one value', 'returned a Map: use a plain object'],
      ['sum › sequential › negative values', 'too large to judge: more than 100,000 values'],
      [
        'sum › sequential › length not divisible by the worker count',
        'too large to judge: an array of 5,000,001',
      ],
      ['sum › sequential › a view into a larger shared buffer', 'returned a bigint 2n at value.total[1]'],
      ['sum › sequential › length smaller than the worker count', 'returned an object {"inner":{"inner":'],
      ['sum › parallel › empty input gives 0', '(31,457,280 characters): must be number'],
      ['sum › parallel › one value', 'returned a Set'],
      ['sum › parallel › length smaller than the worker count', '(value[3].back is the value itself)'],
      ['sum › concurrent › one value', 'cannot be sent to the grader'],
    ]
    for (const [name, text] of expectations) expect(outputOf(mixed, name), name).to.include(text)
    expect(mixed.tests).to.have.length(32) // 8 value checks × 3 strategies, the agreement and 7 questions
    for (const test of mixed.tests) expect(test.output.length, test.name).to.be.below(10_000)

    // The regrade command, pasted into a shell with npm replaced by a printer of its arguments, runs nothing else.
    const command = cyclic.extra_data.regradeCommand
    const cwd = mkdtempSync(join(tmpdir(), 'parlab-values-paste-'))
    const pasted = spawnSync('sh', ['-c', `npm() { printf '%s\\0' "$@"; }\n${command}`], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    expect(pasted.status, pasted.stderr).to.equal(0)
    expect(existsSync(join(cwd, 'PWNED'))).to.equal(false)
    const words = pasted.stdout.split('\0')
    expect(words[words.indexOf('--submission') + 1]).to.equal(join(classDir, injected))
    expect(words[words.indexOf('--out') + 1]).to.equal(join(out, 'students', injected))
  })

  it('an error line names a hostile path without its escape sequences', () => {
    const run = grade([
      '--submission',
      '/nonexistent/\x1b]0;owned\x07x\x1b[2J\ry',
      '--only',
      'sum',
      '--no-bench',
    ])
    expect(run.status).to.equal(1)
    expect(run.stderr).to.include('parlab: /nonexistent/xy')
    // eslint-disable-next-line no-control-regex
    expect(run.stderr).not.to.match(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/)
  })
})
