import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { validateResultsJson } from '../../grader/report/results-json.js'

export interface GradeTest {
  name: string
  score: number
  max_score: number
  status: 'passed' | 'failed'
  output: string
  tags: string[]
  visibility: string
  extra_data?: { verdict?: string; ratio?: { median: number; low: number; high: number } }
}

export interface GradeRun {
  status: number | null
  stdout: string
  stderr: string
  outDir: string
  results: { score: number; tests: GradeTest[]; extra_data: Record<string, unknown> } | undefined
}

/** Runs `npm run grade -- …` the way a user would (through tsx), into a fresh output folder. */
export function runGrade(args: string[], env: NodeJS.ProcessEnv = {}): GradeRun {
  const outDir = mkdtempSync(join(tmpdir(), 'parlab-e2e-'))
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'grader/cli.ts', ...args, '--out', outDir], {
    encoding: 'utf8',
    env: { ...process.env, CI: '1', ...env },
    timeout: 240_000,
  })
  let results: GradeRun['results']
  try {
    results = JSON.parse(readFileSync(join(outDir, 'results.json'), 'utf8')) as GradeRun['results']
  } catch {
    results = undefined
  }
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, outDir, results }
}

export function testNamed(run: GradeRun, name: string): GradeTest {
  const found = run.results?.tests.find((t) => t.name === name)
  if (!found)
    throw new Error(
      `no test named "${name}" in results.json; have: ${run.results?.tests.map((t) => t.name).join(' | ')}`,
    )
  return found
}

export const maxScore = (run: GradeRun): number => run.results!.tests.reduce((a, t) => a + t.max_score, 0)

/**
 * `--demo --only <only> --quick`: exit 0, a valid results.json, a verdict on each of the four speed tests of a
 * three-strategy exercise, and full marks on everything else. The speed points of the references against themselves
 * come from live timings of millisecond calls on a shared machine: they are `npm run bench`'s business, not a test's.
 */
export function expectDemoVerdicts(only: string, exerciseId: string): void {
  const run = runGrade(['--demo', '--only', only, '--quick'])
  expect(run.status, run.stderr).to.equal(0)
  validateResultsJson(run.results)
  const speed = run.results!.tests.filter((t) => t.tags.includes('speed'))
  expect(speed.map((t) => t.name)).to.deep.equal([
    `${exerciseId} › sequential › speed against the reference`,
    `${exerciseId} › parallel › speed against the reference`,
    `${exerciseId} › parallel › speed-up over sequential`,
    `${exerciseId} › concurrent › speed against the reference`,
  ])
  for (const test of speed) expect(test.extra_data?.verdict, test.name).to.be.a('string')
  const lost = run.results!.tests.filter((t) => !t.tags.includes('speed') && t.score < t.max_score)
  expect(lost.map((t) => `${t.name}: ${t.output}`)).to.deep.equal([])
}

/**
 * Runs `npm run grade -- --submissions CLASS --only sum --no-bench --out OUT` as a user would, standard input a pipe
 * (a blocking read of it by the grader would hang until the time limit, and fail the test).
 */
export function gradeClassSumOnly(
  classDir: string,
  out: string,
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 280_000,
): { status: number | null; stderr: string; signal: string | null } {
  const run = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'grader/cli.ts',
      '--submissions',
      classDir,
      '--only',
      'sum',
      '--no-bench',
      '--out',
      out,
    ],
    { encoding: 'utf8', env: { ...process.env, CI: '1', ...env }, timeout: timeoutMs, stdio: 'pipe' },
  )
  return { status: run.status, stderr: run.stderr, signal: run.signal }
}
