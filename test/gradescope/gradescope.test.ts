// gradescope/: the autograder zip, setup.sh and run_autograder, with Gradescope's /autograder emulated under a
// temporary folder (AUTOGRADER_ROOT). The source is the zip that make-zip.js builds, unpacked, with this
// checkout's node_modules linked in where setup.sh's npm ci would have put them.
import { expect } from 'chai'
import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import yauzl from 'yauzl'
import { extractSubmission } from '../../grader/discover/extract.js'
import { validateResultsJson } from '../../grader/report/results-json.js'
import { skipBecause } from '../helpers.js'

const repo = fileURLToPath(new URL('../../', import.meta.url))
const correctness = '--only sum --no-bench'

interface Test {
  name: string
  score: number
  max_score: number
  status: string
  output: string
  tags: string[]
}

interface Results {
  score: number
  output: string
  tests: Test[]
  leaderboard?: { name: string; value: number; order?: string }[]
  extra_data: {
    secretFingerprint?: string
    failure?: string
    benchmarks: {
      exerciseId: string
      ratioToReference: Record<string, { median: number }>
      speedupRatio: Record<string, { median: number }>
    }[]
  }
}

interface Run {
  status: number | null
  output: string
  results: Results | undefined
}

function makeZip(args: string[]): string {
  const made = spawnSync(process.execPath, [join(repo, 'gradescope/make-zip.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, PARLAB_SECRET: '' },
  })
  expect(made.status, made.stderr).to.equal(0)
  return made.stdout
}

/** The zip's entries with their Unix modes. */
function listZip(file: string): Promise<Map<string, number>> {
  return new Promise((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error)
      const entries = new Map<string, number>()
      zip.on('entry', (entry: yauzl.Entry) => {
        entries.set(entry.fileName, entry.externalFileAttributes >>> 16)
        zip.readEntry()
      })
      zip.on('end', () => resolve(entries))
      zip.on('error', reject)
      zip.readEntry()
    }),
  )
}

/** Everything but these variables comes from the test's own environment. */
function environment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra }
  for (const key of ['PARLAB_SECRET', 'PARLAB_GRADE_ARGS', 'PARLAB_TIMEOUT', 'PARLAB_SOURCE']) {
    if (!(key in extra)) delete env[key]
  }
  return env
}

/** Runs /autograder/run_autograder the way Gradescope does: from /autograder, as a copy of the zip's one. */
function runAutograder(root: string, env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(root, 'run_autograder'), [], {
      cwd: root,
      env: environment({ AUTOGRADER_ROOT: root, CI: '1', ...env }),
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', reject)
    child.on('close', (status) => {
      const file = join(root, 'results/results.json')
      const results = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Results) : undefined
      resolve({ status, output, results })
    })
  })
}

/** results.json as Gradescope reads it, valid against parlab's schema, leaderboard included. */
function expectValid(run: Run): Results {
  expect(run.status, run.output).to.equal(0)
  expect(run.results, `no results.json:\n${run.output}`).to.not.equal(undefined)
  const { leaderboard } = run.results!
  expect(() => validateResultsJson(run.results)).not.to.throw()
  expect(run.results!.score).to.be.a('number')
  expect(run.results!.tests).to.be.an('array')
  expect(run.results!.tests.length).to.be.greaterThan(0)
  for (const test of run.results!.tests) {
    expect(test).to.include.keys('name', 'score', 'max_score', 'status')
    expect(test.status).to.be.oneOf(['passed', 'failed'])
  }
  if (leaderboard !== undefined) {
    expect(leaderboard).to.be.an('array')
    for (const entry of leaderboard) {
      expect(entry.name).to.be.a('string')
      expect(entry.value).to.be.a('number').and.to.be.at.least(0)
      expect(entry.order ?? 'desc').to.be.oneOf(['asc', 'desc'])
    }
  }
  return run.results!
}

const maxScore = (results: Results): number => results.tests.reduce((sum, t) => sum + t.max_score, 0)

describe('gradescope', function () {
  this.timeout(300_000)
  const work = mkdtempSync(join(tmpdir(), 'parlab-gradescope-test-'))
  const zip = join(work, 'autograder.zip')
  const source = join(work, 'source')

  /** An emulated /autograder: its own source (a copy, when `own`), an upload filled in, results/ empty. */
  function autograder(name: string, fill: (submission: string) => void, own = false): string {
    const root = join(work, name)
    mkdirSync(join(root, 'submission'), { recursive: true })
    mkdirSync(join(root, 'results'))
    if (own) cpSync(source, join(root, 'source'), { recursive: true, verbatimSymlinks: true })
    else symlinkSync(source, join(root, 'source'))
    copyFileSync(join(source, 'run_autograder'), join(root, 'run_autograder'))
    chmodSync(join(root, 'run_autograder'), 0o755) // Gradescope keeps the zip's mode
    fill(join(root, 'submission'))
    return root
  }

  before(async () => {
    makeZip(['--out', zip])
    await extractSubmission(zip, source)
    symlinkSync(join(repo, 'node_modules'), join(source, 'node_modules')) // what setup.sh's npm ci makes
  })
  after(() => rmSync(work, { recursive: true, force: true }))

  describe('the autograder zip (gradescope/make-zip.js)', () => {
    it('has setup.sh and run_autograder, executable, at its root, and the grader beside them', async () => {
      const entries = await listZip(zip)
      for (const script of ['setup.sh', 'run_autograder']) {
        expect(entries.get(script), script).to.equal(0o100755)
        expect(readFileSync(join(source, script), 'utf8')).to.equal(
          readFileSync(join(repo, 'gradescope', script), 'utf8'),
        )
      }
      for (const file of [
        'package.json',
        'package-lock.json',
        'grader/cli.ts',
        'grader/exercises/sum/manifest.json',
        'solutions/sum/parallel.ts',
        'gradescope/results.js',
      ]) {
        expect(entries.has(file), file).to.equal(true)
      }
    })

    it('leaves out node_modules, reports, generated data, tests, hidden files and any secret', async () => {
      const names = [...(await listZip(zip)).keys()]
      const unwanted = names.filter((name) =>
        /(^|\/)(node_modules|\.[^/]+)(\/|$)|^(reports|test|\.git|datasets\/\.cache)\//.test(name),
      )
      expect(unwanted).to.deep.equal([])
      expect(names).to.not.include('gradescope/parlab-secret')
      expect(names).to.not.include('gradescope/settings')
    })

    it('is the same zip for the same tree, and carries the secret and settings when asked', async () => {
      const again = join(work, 'again.zip')
      makeZip(['--out', again])
      expect(readFileSync(again).equals(readFileSync(zip))).to.equal(true)
      const withSecret = join(work, 'secret.zip')
      const made = spawnSync(
        process.execPath,
        [
          join(repo, 'gradescope/make-zip.js'),
          '--out',
          withSecret,
          '--grade-args=--only sum',
          '--timeout',
          '900',
        ],
        { encoding: 'utf8', env: { ...process.env, PARLAB_SECRET: 'hush' } },
      )
      expect(made.status, made.stderr).to.equal(0)
      expect(made.stdout).to.not.include('hush')
      const entries = await listZip(withSecret)
      expect(entries.get('gradescope/parlab-secret')).to.equal(0o100600)
      expect(entries.has('gradescope/settings')).to.equal(true)
    })
  })

  describe('setup.sh', () => {
    const setup = join(repo, 'gradescope/setup.sh')

    it('is valid bash, and shellcheck-clean where shellcheck is installed', function () {
      for (const script of [setup, join(repo, 'gradescope/run_autograder')]) {
        const syntax = spawnSync('bash', ['-n', script], { encoding: 'utf8' })
        expect(syntax.status, syntax.stderr).to.equal(0)
      }
      const shellcheck = spawnSync('shellcheck', [setup, join(repo, 'gradescope/run_autograder')], {
        encoding: 'utf8',
      })
      if (shellcheck.error)
        skipBecause(this, 'needs shellcheck: none on PATH (apt-get install shellcheck; .ci/run installs it)')
      expect(shellcheck.status, shellcheck.stdout).to.equal(0)
    })

    it('--dry-run installs bubblewrap and runs npm ci in the source, and Node from NodeSource when too old', () => {
      const root = join(work, 'setup')
      const fakeBin = join(work, 'old-node-bin')
      mkdirSync(fakeBin, { recursive: true })
      writeFileSync(join(fakeBin, 'node'), '#!/bin/sh\nexit 1\n', { mode: 0o755 }) // a node that is too old
      const dry = (path: string) =>
        spawnSync('/bin/bash', [setup, '--dry-run'], {
          encoding: 'utf8',
          env: { PATH: path, AUTOGRADER_ROOT: root },
        })
      const old = dry(fakeBin)
      expect(old.status, old.stderr).to.equal(0)
      const commands = old.stdout.split('\n').filter((line) => line.startsWith('+ '))
      expect(commands).to.deep.equal([
        '+ apt-get update -q',
        '+ apt-get install -y -q --no-install-recommends ca-certificates curl gnupg bubblewrap',
        '+ curl -fsSL https://deb.nodesource.com/setup_20.x -o /tmp/nodesource_setup_20.x.sh',
        '+ bash /tmp/nodesource_setup_20.x.sh',
        '+ apt-get install -y -q nodejs',
        '+ rm -f /tmp/nodesource_setup_20.x.sh',
        `+ (cd ${root}/source && npm ci --no-audit --no-fund)`,
        `+ chmod +x ${root}/source/run_autograder`,
      ])
      expect(existsSync(root), 'a dry run changes nothing').to.equal(false)

      const current = dry(`${join(process.execPath, '..')}:/usr/bin:/bin`)
      expect(current.status, current.stderr).to.equal(0)
      expect(current.stdout).to.include(`Node.js ${process.version} is already installed`)
      expect(current.stdout).to.not.include('nodesource')

      const bad = spawnSync('/bin/bash', [setup, '--install-everything'], { encoding: 'utf8' })
      expect(bad.status).to.equal(2)
    })
  })

  describe('run_autograder', () => {
    const runs = new Map<string, Promise<Run>>()

    before(() => {
      // Independent submissions are graded at once (correctness only), as separate containers would.
      const solutions = join(work, 'upload/exercises')
      cpSync(join(repo, 'solutions'), solutions, { recursive: true })
      makeZip(['--submission', solutions, '--out', join(work, 'upload/exercises.zip')])
      const cases: [string, (submission: string) => void, Record<string, string>, boolean?][] = [
        // A zip left as a file in the upload (Gradescope unpacks zips; one inside is unwrapped by the grader).
        [
          'zip',
          (s) => copyFileSync(join(work, 'upload/exercises.zip'), join(s, 'exercises.zip')),
          { PARLAB_GRADE_ARGS: correctness },
        ],
        // The stubs inside a project folder, with the options and the secret built into the zip.
        [
          'stubs',
          (s) => cpSync(join(repo, 'exercises'), join(s, 'parlab-main/exercises'), { recursive: true }),
          {},
          true,
        ],
        ['empty', (s) => writeFileSync(join(s, '.DS_Store'), ''), { PARLAB_GRADE_ARGS: correctness }],
        [
          'corrupt',
          (s) => writeFileSync(join(s, 'exercises.zip'), 'not a zip'),
          { PARLAB_GRADE_ARGS: correctness },
        ],
        ['elsewhere', (s) => writeFileSync(join(s, 'notes.txt'), 'hi'), { PARLAB_GRADE_ARGS: correctness }],
        [
          'slow',
          (s) => cpSync(join(repo, 'solutions/sum'), join(s, 'sum'), { recursive: true }),
          { PARLAB_GRADE_ARGS: correctness, PARLAB_TIMEOUT: '1' },
        ],
      ]
      for (const [name, fill, env, own] of cases) {
        const root = autograder(name, fill, own)
        if (own) {
          writeFileSync(join(root, 'source/gradescope/settings'), `PARLAB_GRADE_ARGS=${correctness}\n`)
          writeFileSync(join(root, 'source/gradescope/parlab-secret'), 'course secret')
        }
        runs.set(name, runAutograder(root, env))
      }
    })

    it('grades a zip of solutions/ with full marks, in Gradescope’s format', async () => {
      const results = expectValid(await runs.get('zip')!)
      expect(results.score).to.equal(maxScore(results)).and.to.be.greaterThan(0)
      expect(results.tests.every((t) => t.status === 'passed')).to.equal(true)
      expect(results.tests.every((t) => /^sum › /.test(t.name))).to.equal(true)
      expect(results.leaderboard, 'no benchmarks, no leaderboard').to.equal(undefined)
    })

    it('grades the exercises/ stubs inside a project folder with 0, with the zip’s settings and secret', async () => {
      const run = await runs.get('stubs')!
      const results = expectValid(run)
      expect(results.score).to.equal(0)
      expect(maxScore(results)).to.be.greaterThan(0)
      expect(
        results.tests.some((t) => t.tags.includes('speed')),
        '--no-bench from the settings',
      ).to.equal(false)
      expect(results.extra_data.secretFingerprint).to.equal(
        createHash('sha256').update('course secret').digest('hex').slice(0, 12),
      )
      expect(
        existsSync(join(work, 'stubs/source/gradescope/parlab-secret')),
        'the secret file is deleted',
      ).to.equal(false)
      expect(run.output).to.not.include('course secret')
    })

    for (const [name, why] of [
      ['empty', /nothing was uploaded/],
      ['corrupt', /the archive cannot be read/],
      ['elsewhere', /neither an exercises\/ folder nor any of .*sum\/.*\(found: notes\.txt\)/],
      ['slow', /took longer than 1 s/],
    ] as const) {
      it(`explains in a valid results.json why it could not grade: ${name}`, async () => {
        const results = expectValid(await runs.get(name)!)
        expect(results.score).to.equal(0)
        expect(results.output).to.match(why)
        expect(results.output).to.include('Upload your exercises/ folder as a zip')
        expect(results.tests).to.have.length(1)
        expect(results.tests[0]).to.include({ name: 'submission › all › could be graded', status: 'failed' })
        expect(results.tests[0]!.output).to.match(why)
        expect(results.extra_data.failure).to.match(why)
      })
    }

    it('adds a leaderboard of speed-ups relative to the reference when benchmarks ran', async () => {
      await Promise.all(runs.values()) // alone, as benchmarks run
      const root = autograder('quick', (s) =>
        cpSync(join(repo, 'solutions/sum'), join(s, 'sum'), { recursive: true }),
      )
      const results = expectValid(await runAutograder(root, { PARLAB_GRADE_ARGS: '--only sum --quick' }))
      const correctnessTests = results.tests.filter((t) => !t.tags.includes('speed'))
      expect(correctnessTests.every((t) => t.status === 'passed')).to.equal(true)
      const bench = results.extra_data.benchmarks.find((b) => b.exerciseId === 'sum')!
      const board = new Map(results.leaderboard?.map((entry) => [entry.name, entry.value]))
      for (const strategy of ['sequential', 'parallel', 'concurrent']) {
        const median = bench.ratioToReference[strategy]!.median
        expect(board.get(`sum › ${strategy} › speed (reference = 1)`), strategy).to.be.closeTo(
          1 / median,
          0.001,
        )
      }
      expect(board.get('sum › parallel › speed-up over sequential (reference = 1)')).to.be.closeTo(
        bench.speedupRatio.parallel!.median,
        0.001,
      )
      expect(board.size).to.equal(4)
    })
  })
})
