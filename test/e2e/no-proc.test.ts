import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { validateResultsJson } from '../../grader/report/results-json.js'
import type { GradeRun } from './run-grade.js'

// The grader as on a machine without /proc, /dev/shm and bubblewrap (macOS, say): a preload hides both folders from
// every file-system call of the grader's own processes, and PATH holds only the tools the grader may use there.
const hideProc = resolve('test/fixtures/preload/hide-proc.cjs')

/** A folder for PATH with only these of /usr/bin's tools (no bwrap among them). */
function toolsOnly(tools: string[]): string {
  const bin = mkdtempSync(join(tmpdir(), 'parlab-path-'))
  for (const tool of tools) symlinkSync(join('/usr/bin', tool), join(bin, tool))
  return bin
}

function gradeWithoutProc(args: string[], path: string, timeoutMs: number): GradeRun {
  const outDir = mkdtempSync(join(tmpdir(), 'parlab-e2e-'))
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'grader/cli.ts', ...args, '--out', outDir], {
    encoding: 'utf8',
    env: { ...process.env, CI: '1', PATH: path, NODE_OPTIONS: `--require ${hideProc}` },
    timeout: timeoutMs,
  })
  let results: GradeRun['results']
  try {
    results = JSON.parse(readFileSync(join(outDir, 'results.json'), 'utf8')) as GradeRun['results']
  } catch {
    results = undefined
  }
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, outDir, results }
}

/** The report's dropped guarantees (results.json's extra_data), also in the summary Gradescope shows (output). */
function notGuaranteed(run: GradeRun): string {
  const { dropped } = run.results!.extra_data.sandbox as { dropped: string[] }
  const { output } = run.results as unknown as { output: string }
  for (const line of dropped) expect(output).to.include(line)
  return dropped.join('\n')
}

describe('npm run grade without /proc, /dev/shm and bubblewrap', function () {
  this.timeout(600_000)

  it('grades every exercise (--demo --quick) with full correctness marks and timed speed checks, listing processes with ps', function () {
    const run = gradeWithoutProc(['--demo', '--quick'], toolsOnly(['ps', 'sh', 'sleep']), 540_000)
    expect(run.status, run.stderr).to.equal(0)
    expect(run.stderr).to.not.include('ENOENT')
    validateResultsJson(run.results)
    const tests = run.results!.tests
    const lost = tests.filter((t) => !t.tags.includes('speed') && t.score < t.max_score)
    expect(lost.map((t) => `${t.name}: ${t.output}`)).to.deep.equal([])
    const speed = tests.filter((t) => t.tags.includes('speed'))
    const benched = ['sum', 'greyscale', 'access-logs', 'log-analytics']
    for (const id of benched)
      expect(
        speed.filter((t) => t.name.startsWith(`${id} ›`)),
        `speed checks of ${id}`,
      ).to.have.length.at.least(3)
    // Timed, not skipped: each has a verdict from measured rounds.
    for (const test of speed)
      expect(test.extra_data?.verdict, `${test.name}: ${test.output}`).to.be.a('string')
    // What the run could not do is said in the report and on the terminal: procps' ps counts CPU in whole seconds.
    const dropped = notGuaranteed(run)
    expect(dropped).to.include('bwrap is not installed')
    expect(dropped).to.include("CPU time of the child's tree not measured: this system's ps gives CPU time")
    expect(dropped).to.not.include('memory limit not enforced')
    expect(run.stdout).to.include('Not guaranteed in this run:')
    expect(run.stdout).to.include("CPU time of the child's tree not measured")
  })

  it('grades on where no process listing exists at all (no ps either), and says which guarantees are missing', function () {
    const run = gradeWithoutProc(['--demo', '--only', 'sum', '--quick'], toolsOnly(['sh', 'sleep']), 240_000)
    expect(run.status, run.stderr).to.equal(0)
    validateResultsJson(run.results)
    const tests = run.results!.tests
    const lost = tests.filter((t) => !t.tags.includes('speed') && t.score < t.max_score)
    expect(lost.map((t) => `${t.name}: ${t.output}`)).to.deep.equal([])
    for (const test of tests.filter((t) => t.tags.includes('speed')))
      expect(test.extra_data?.verdict, `${test.name}: ${test.output}`).to.be.a('string')
    const dropped = notGuaranteed(run)
    expect(dropped).to.include('memory limit not enforced: the grader cannot list processes here')
    expect(dropped).to.include("CPU time of the child's tree not measured: the grader cannot list processes")
    expect(run.stdout).to.include('memory limit not enforced')
  })
})
