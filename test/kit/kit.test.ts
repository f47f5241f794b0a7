import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

function run(
  cwd: string,
  script: string,
  args: string[],
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
    timeout: 120_000,
  })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe('the student kit', function () {
  this.timeout(180_000)
  const kit = join(mkdtempSync(join(tmpdir(), 'parlab-kit-')), 'kit')

  before(() => {
    const built = run('.', 'kit/build-kit.ts', ['--out', kit])
    expect(built.status, built.stderr).to.equal(0)
    symlinkSync(resolve('node_modules'), join(kit, 'node_modules'))
  })

  it('holds no readable solutions, no quiz key and no hidden checks', () => {
    const files = readdirSync(kit, { recursive: true }) as string[]
    expect(files.filter((f) => f.startsWith('solutions/') && f.endsWith('.ts'))).to.deep.equal([])
    expect(files.filter((f) => f.endsWith('quiz-key.json'))).to.deep.equal([])
    expect(existsSync(join(kit, 'solutions', 'sum', 'quiz.json'))).to.equal(false)
    const manifest = readFileSync(join(kit, 'grader', 'exercises', 'sum', 'manifest.json'), 'utf8')
    expect(manifest).to.not.include('after_published')
    const bundle = readFileSync(join(kit, 'solutions', 'sum', 'sum-range.js'), 'utf8')
    expect(bundle).to.not.include('sumBlock').and.not.include('//')
    expect(bundle.split('\n').length).to.be.below(5)
  })

  it("holds the grader's exercise modules (the luma formula, the log oracle) only minified", () => {
    const files = readdirSync(join(kit, 'grader', 'exercises'), { recursive: true }) as string[]
    expect(files.filter((f) => f.endsWith('.ts'))).to.deep.equal([])
    for (const module of ['greyscale/pixels.js', 'access-logs/oracle.js']) {
      const code = readFileSync(join(kit, 'grader', 'exercises', module), 'utf8')
      expect(code, module).to.not.include('//')
      expect(code.split('\n').length, module).to.be.below(5)
    }
    const typecheck = spawnSync(process.execPath, [resolve('node_modules/typescript/bin/tsc'), '--noEmit'], {
      cwd: kit,
      encoding: 'utf8',
    })
    expect(typecheck.status, typecheck.stdout).to.equal(0)
  })

  it('grades the stubs and, with the bundled references, full marks on the public checks', () => {
    const demoOut = mkdtempSync(join(tmpdir(), 'parlab-kit-demo-'))
    const demo = run(kit, 'grader/cli.ts', ['--demo', '--only', 'sum', '--no-bench', '--out', demoOut])
    expect(demo.status, demo.stderr).to.equal(0)
    const results = JSON.parse(readFileSync(join(demoOut, 'results.json'), 'utf8')) as {
      score: number
      tests: { name: string; max_score: number; tags: string[] }[]
    }
    expect(results.tests.length).to.be.above(20)
    expect(results.score).to.equal(results.tests.reduce((a, t) => a + t.max_score, 0))
    expect(results.tests.some((t) => t.tags.includes('quiz'))).to.equal(false)
    expect(results.tests.some((t) => t.name.includes("random input of the run's seed"))).to.equal(false)
    const stubs = run(kit, 'grader/cli.ts', [
      '--only',
      'sum',
      '--no-bench',
      '--out',
      mkdtempSync(join(tmpdir(), 'parlab-kit-stubs-')),
    ])
    expect(stubs.status, stubs.stderr).to.equal(0)
    expect(stubs.stdout).to.match(/Score: 0 \//)
  })

  it('grades the exercises whose checks read fixture files (access-logs, log-analytics) with full public marks', () => {
    const out = mkdtempSync(join(tmpdir(), 'parlab-kit-fixtures-'))
    const demo = run(kit, 'grader/cli.ts', [
      '--demo',
      '--only',
      'access-logs,log-analytics',
      '--no-bench',
      '--out',
      out,
    ])
    expect(demo.status, demo.stderr).to.equal(0)
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as {
      score: number
      tests: { name: string; score: number; max_score: number }[]
    }
    const failed = results.tests.filter((t) => t.score < t.max_score).map((t) => t.name)
    expect(failed).to.deep.equal([])
    expect(results.tests.some((t) => t.name.includes('the 22 real lines'))).to.equal(true)
    expect(results.tests.some((t) => /brute force/i.test(t.name))).to.equal(true)
  })

  it('needs --out, outside the project', () => {
    expect(run('.', 'kit/build-kit.ts', []).status).to.equal(2)
    expect(run('.', 'kit/build-kit.ts', ['--out', 'reports/kit']).status).to.equal(2)
  })
})
