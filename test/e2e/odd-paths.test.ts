// A student's laptop: the project and the submission in folders whose paths hold spaces, letters beyond ASCII, an
// apostrophe, a comma (Node's --allow-fs-read once split its value on commas), parentheses and a $. The project is
// copied as a checkout has it (its files and a node_modules of its own, not a link to this one), graded with
// `npm run grade` from there, and the regrade command the report records is pasted into the machine's shell.
import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { regradeCommand } from '../../grader/pipeline.js'
import { validateResultsJson } from '../../grader/report/results-json.js'
import { probeBubblewrap } from '../../grader/run/sandbox.js'
import type { GradeOptions } from '../../grader/types.js'
import type { GradeRun } from './run-grade.js'

const repo = fileURLToPath(new URL('../../', import.meta.url))
const windows = process.platform === 'win32'

type Results = NonNullable<GradeRun['results']>

/** The project as a checkout has it: every file git tracks or would track (not ignored), and its own node_modules. */
function copyProject(to: string): void {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: repo,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  expect(listed.status, listed.stderr).to.equal(0)
  for (const file of listed.stdout.split('\0')) {
    if (file === '' || !existsSync(join(repo, file))) continue // deleted in the work tree
    mkdirSync(dirname(join(to, file)), { recursive: true })
    cpSync(join(repo, file), join(to, file))
  }
  cpSync(join(repo, 'node_modules'), join(to, 'node_modules'), { recursive: true, verbatimSymlinks: true })
}

/** Runs a command line in the machine's shell (sh; PowerShell on Windows, where the regrade command is for it). */
function inShell(command: string, cwd: string): { status: number | null; output: string } {
  const [shell, args] = windows
    ? ['powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', command]]
    : ['sh', ['-c', command]]
  const run = spawnSync(shell, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 280_000,
  })
  return { status: run.status, output: `${run.stdout}\n${run.stderr}` }
}

function readResults(outDir: string): Results {
  const results = JSON.parse(readFileSync(join(outDir, 'results.json'), 'utf8')) as Results
  validateResultsJson(results)
  return results
}

function expectFullCorrectness(results: Results): void {
  const lost = results.tests.filter((t) => !t.tags.includes('speed') && t.score < t.max_score)
  expect(lost.map((t) => `${t.name}: ${t.output}`)).to.deep.equal([])
  expect(results.tests.filter((t) => t.tags.includes('correctness')).length).to.be.greaterThan(20)
}

/** Bubblewrap where it runs here, with every guarantee kept: the binds and the permission flags took the paths. */
function expectSandboxKept(results: Results): void {
  const sandbox = results.extra_data.sandbox as { mode: string; dropped: string[] }
  if (process.platform === 'linux' && probeBubblewrap() === undefined) expect(sandbox.mode).to.equal('bwrap')
  if (sandbox.mode === 'bwrap') expect(sandbox.dropped).to.deep.equal([])
}

/** Every link of a report leads somewhere: an anchor to an element of the page, a file link to a file. */
function expectLinksResolve(reportFile: string): void {
  const html = readFileSync(reportFile, 'utf8')
  const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]))
  // As the browser reads the attribute (handlebars escapes & < > " ' ` =).
  const hrefs = [...html.matchAll(/\shref="([^"]*)"/g)].map((m) =>
    m[1]!
      .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
      .replaceAll('&quot;', '"')
      .replaceAll('&amp;', '&'),
  )
  expect(hrefs.length).to.be.greaterThan(0)
  for (const href of hrefs) {
    if (/^(https?|mailto):/.test(href)) continue
    const [path, anchor] = href.split('#') as [string, string | undefined]
    if (path === '') {
      expect(ids.has(anchor), `${href}: no element with that id`).to.equal(true)
      continue
    }
    const target = resolve(dirname(reportFile), decodeURIComponent(path))
    expect(existsSync(target), `${href} → ${target}`).to.equal(true)
  }
}

describe('paths with spaces, letters beyond ASCII, an apostrophe and a comma', function () {
  const base = mkdtempSync(join(tmpdir(), 'parlab-odd-'))
  const project = join(base, "Ana María's parlab, 2026")
  const submission = join(base, 'entregas (2026)', "José Ñúñez's $HOME, v2")
  after(function () {
    this.timeout(120_000)
    // rm removes a copied node_modules in seconds; Node 20's rmSync took half a minute on a busy machine.
    if (windows || spawnSync('rm', ['-rf', base]).status !== 0) rmSync(base, { recursive: true, force: true })
  })

  before(function () {
    this.timeout(120_000)
    copyProject(project)
    mkdirSync(submission, { recursive: true })
    cpSync(join(repo, 'solutions', 'sum'), join(submission, 'sum'), { recursive: true })
  })

  it('npm run grade -- --demo --only sum --quick grades in full from a project there', () => {
    const run = spawnSync('npm run grade -- --demo --only sum --quick', {
      cwd: project,
      shell: true,
      encoding: 'utf8',
      env: { ...process.env, CI: '1' },
      timeout: 280_000,
    })
    expect(run.status, `${run.stdout}\n${run.stderr}`).to.equal(0)
    const out = join(project, 'reports', 'latest')
    const results = readResults(out)
    expectFullCorrectness(results)
    const speed = results.tests.filter((t) => t.tags.includes('speed'))
    expect(speed.length).to.equal(4)
    for (const test of speed) expect(test.extra_data?.verdict, test.name).to.be.a('string')
    expectSandboxKept(results)
    expectLinksResolve(join(out, 'index.html'))
  })

  it('grades a --submission there with the regrade command pasted into a shell, which records itself', () => {
    const options: GradeOptions = {
      exercises: ['sum'],
      size: 'tiny',
      quick: true,
      bench: false,
      seed: 1,
      dataSeed: 1,
      sandbox: 'auto',
      outDir: join(project, 'reports', 'latest'),
      submissionDir: submission,
      demo: false,
      data: {},
    }
    const command = regradeCommand(options, ['--submission', submission])
    rmSync(options.outDir, { recursive: true, force: true })
    const run = inShell(command, project)
    expect(run.status, `${command}\n${run.output}`).to.equal(0)
    const results = readResults(options.outDir)
    expectFullCorrectness(results)
    expect(results.tests.filter((t) => t.tags.includes('speed'))).to.deep.equal([])
    expect(results.extra_data.regradeCommand).to.equal(command)
    expectSandboxKept(results)
    expectLinksResolve(join(options.outDir, 'index.html'))
  })
})
