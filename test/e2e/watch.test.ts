import { expect } from 'chai'
import { spawn, type ChildProcess } from 'node:child_process'
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser } from 'playwright-core'
import { launchChromium } from '../helpers.js'

const repo = new URL('../../', import.meta.url).pathname

interface ResultsJson {
  score: number
  tests: { name: string; status: string }[]
}

// Issue 14 §2: `--watch` regrades a saved change. The grader runs as a student runs it; a file of the sum exercise
// is saved; the terminal shows the new result, results.json holds it, and the open report reloads itself.
describe('npm run grade -- --watch', function () {
  this.timeout(240_000)
  let dir: string
  let child: ChildProcess | undefined
  let browser: Browser | undefined
  let output = ''
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'parlab-watch-'))
    cpSync(join(repo, 'exercises/sum'), join(dir, 'submission/sum'), { recursive: true })
  })
  after(async () => {
    child?.kill('SIGTERM')
    await browser?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  /** Resolves once the watch's output matches `pattern` (counting from `from`), or fails after `ms`. */
  const waitFor = (pattern: RegExp, from: number, ms = 120_000): Promise<void> =>
    new Promise((resolve, reject) => {
      const started = Date.now()
      const poll = setInterval(() => {
        if (pattern.test(output.slice(from))) {
          clearInterval(poll)
          resolve()
        } else if (Date.now() - started > ms || child?.exitCode !== null) {
          clearInterval(poll)
          reject(new Error(`no ${String(pattern)} in the watch's output:\n${output}`))
        }
      }, 100)
    })
  const results = (): ResultsJson =>
    JSON.parse(readFileSync(join(dir, 'out/results.json'), 'utf8')) as ResultsJson

  it('regrades the exercise of a saved file, prints what changed, and the open report reloads itself', async () => {
    child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'grader/cli.ts',
        '--watch',
        '--only',
        'sum',
        '--submission',
        join(dir, 'submission'),
        '--out',
        join(dir, 'out'),
      ],
      { cwd: repo, env: { ...process.env, CI: '1' }, stdio: ['pipe', 'pipe', 'pipe'] },
    )
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    await waitFor(/Score: 0 \/ \d+/, 0)
    expect(output).to.match(/watching .* \(file events\)/)
    expect(results().score).to.equal(0)

    browser = await launchChromium()
    const page = await browser.newPage()
    await page.goto(pathToFileURL(join(dir, 'out/index.html')).href)
    expect(await page.title()).to.match(/· 0 \/ \d+$/)

    // The references' sequential strategy and its helper, saved as a student would save them.
    const mark = output.length
    copyFileSync(join(repo, 'solutions/sum/sum-range.ts'), join(dir, 'submission/sum/sum-range.ts'))
    copyFileSync(join(repo, 'solutions/sum/sequential.ts'), join(dir, 'submission/sum/sequential.ts'))
    await waitFor(/sum regraded in [\d.]+ s: 0 → [1-9]\d* \/ \d+/, mark)
    const regraded = output.slice(mark)
    expect(regraded).to.include(
      '✔ sum › sequential › 1..10,000,000 gives 50,000,005,000,000: failed → passed',
    )
    expect(regraded).to.not.include('sum › parallel')
    const after = results()
    expect(after.score).to.be.above(0)
    expect(after.tests.find((t) => t.name === 'sum › sequential › empty input gives 0')?.status).to.equal(
      'passed',
    )
    expect(after.tests.find((t) => t.name === 'sum › parallel › empty input gives 0')?.status).to.equal(
      'failed',
    )
    // The page's policy forbids evaluated strings: its title is read from here until the reload shows the score.
    let title = ''
    for (let i = 0; i < 300 && !title.includes(`· ${after.score} /`); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      title = await page.title()
    }
    expect(title).to.include(`· ${after.score} /`)
  })

  it('quits on q', async () => {
    child!.stdin!.write('q')
    const code = await new Promise<number | null>((resolve) => child!.once('exit', resolve))
    expect(code).to.equal(0)
  })
})
