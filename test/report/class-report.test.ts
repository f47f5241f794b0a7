import { expect } from 'chai'
import Handlebars from 'handlebars'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { launchChromium, noChromium, skipBecause } from '../helpers.js'
import type { Browser, Page } from 'playwright-core'
import {
  quantile,
  ratioDistribution,
  scoreHistogram,
  speedupDistribution,
} from '../../grader/report/class-charts.js'
import { renderClassReport } from '../../grader/report/class-report.js'
import type { ClassRun } from '../../grader/types.js'
import { quoteId, sampleClass, xssId } from './sample-class.js'

const escape = (text: string): string => Handlebars.escapeExpression(text)

/** The HTML of one section of the page, by its id. */
function section(html: string, id: string): string {
  const start = html.indexOf(`<section class="card" id="${id}"`)
  expect(start, `section #${id}`).to.be.greaterThan(-1)
  return html.slice(start, html.indexOf('</section>', start))
}

describe('report/class-charts', () => {
  it('interpolates quantiles', () => {
    expect(quantile([4, 1, 3, 2], 0.5)).to.equal(2.5)
    expect(quantile([1, 2, 3, 4, 5], 0.25)).to.equal(2)
    expect(Number.isNaN(quantile([], 0.5))).to.equal(true)
  })

  it('bins scores into ten bands, stacking the submissions that were not graded', () => {
    const svg = scoreHistogram([
      { percent: 0, graded: true },
      { percent: 100, graded: true },
      { percent: 95, graded: true },
      { percent: 12, graded: false },
    ])
    expect(svg).to.match(/^<svg class="chart class-chart wide" role="img" aria-label="[^"]+"/)
    expect(svg).to.include('2 students scored 90–100%')
    expect(svg).to.include('1 student scored 10–20% (1 not graded)')
    expect(svg.match(/<rect class="bar-graded" x/g)).to.have.length(2 + 1) // two bars + the legend swatch
    expect(svg).not.to.match(/NaN|Infinity|undefined/)
    expect(scoreHistogram([])).to.equal('')
  })

  it('plots every value as a dot, marks the reference, and escapes titles', () => {
    const rows = [
      {
        label: 'parallel',
        values: [1.2, 1.8, 1.9, 2.1, 0.6].map((value) => ({ value, title: `<b>${value}</b>` })),
        marker: 1.86,
      },
    ]
    for (const layout of ['wide', 'narrow'] as const) {
      const speedup = speedupDistribution('sum', rows, layout)
      expect(speedup).to.match(new RegExp(`^<svg class="chart class-chart ${layout}" role="img"`))
      expect(speedup.match(/<circle class="dot" c/g)).to.have.length(5 + 1) // 5 students + the legend
      expect(speedup).to.include('<rect class="box"')
      expect(speedup).to.include('reference&apos;s speed-up: 1.86×')
      expect(speedup).to.include('&lt;b&gt;1.2&lt;/b&gt;')
      expect(speedup).not.to.match(/NaN|Infinity|undefined/)
      expect(ratioDistribution('sum', rows, layout)).to.include('1× = reference')
    }
    expect(speedupDistribution('sum', rows, 'narrow')).to.include('viewBox="0 0 400 ')
    expect(ratioDistribution('sum', [{ label: 'parallel', values: [] }])).to.equal('')
  })
})

describe('report/class-report', () => {
  const run = sampleClass()
  const html = renderClassReport(run)

  it('is self-contained: no remote src/href, no scripts, no imports, a CSP', () => {
    expect(html).not.to.match(/\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i)
    expect(html).not.to.match(/<script|<link|@import|url\(/i)
    expect(html).to.include(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'`)
  })

  it('escapes student ids, reasons and check names', () => {
    expect(html).not.to.include(xssId)
    expect(html).to.include(escape(xssId))
    expect(html).to.include(escape(quoteId))
    expect(html).not.to.include(quoteId)
    expect(html).to.include('worker exited with code 134 &lt;SIGABRT&gt; &amp; no results')
    // The href is URL-encoded per segment, so neither the quote nor the angle brackets survive in it.
    expect(html).to.include(`href="students/${encodeURIComponent(xssId.split('/')[0]!)}/`)
  })

  it('heads the page with the class size, counts, mean and median, seed, version and fingerprint', () => {
    const header = html.slice(html.indexOf('<header'), html.indexOf('</header>'))
    const text = header.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')
    expect(text).to.include('Class of 13')
    expect(text).to.include('Graded 10')
    expect(text).to.include('Not graded 3 1 timed out · 1 crashed · 1 unreadable')
    expect(text).to.match(/Mean score \d+(\.\d)?% [\d.]+ \/ 45/)
    expect(text).to.match(/Median score \d+(\.\d)?%/)
    expect(text).to.include('seed 42')
    expect(text).to.include('parlab 0.1.0')
    expect(text).to.include('3f9c0a12be47')
    expect(text).to.include('data size small')
    expect(text).to.include('benchmarks on')
  })

  it('lists per-exercise means, full marks and check pass rates', () => {
    const exercises = section(html, 'exercises')
    for (const id of run.exercises) expect(exercises).to.include(`>${id}<`)
    // explore: of the 10 graded students, ana.garcia, chloé, the xss id and kai have full marks.
    expect(exercises).to.include('4 / 10')
  })

  it('sorts the checks so the ones that fail most come first, with counts', () => {
    const checks = section(html, 'checks')
    const order = [...checks.matchAll(/<tr class="(?:low|mid|high)">\s*<td>([^<]+)</g)].map((m) =>
      m[1]!.trim(),
    )
    expect(order[0]).to.equal('length not divisible by the worker count')
    expect(order[1]).to.equal('keeps order')
    expect(checks).to.include('3 / 10') // remainder: only ana.garcia, o'brien and isla.m pass it
    expect(checks.indexOf('3 / 10')).to.be.lessThan(checks.indexOf('5 / 10'))
    const rates = [...checks.matchAll(/aria-label="([\d.]+)% passed"/g)].map((m) => Number(m[1]))
    expect(rates).to.deep.equal([...rates].sort((a, b) => a - b))
    expect(checks).not.to.include('checks every graded submission passed') // dmitri failed them all
    const withoutZero = renderClassReport({ ...run, students: run.students.filter((s) => s.score > 0) })
    expect(section(withoutZero, 'checks')).to.include('checks every graded submission passed')
  })

  it('summarises speed per exercise and strategy: timed, ratio and speed-up with their middle half', () => {
    const speed = section(html, 'speed')
    const parallel = speed.slice(
      speed.indexOf('>parallel<'),
      speed.indexOf('</tr>', speed.indexOf('>parallel<')),
    )
    expect(parallel).to.include('9 / 10') // dmitri was not timed
    expect(parallel).to.include('1.02× (0.97–1.12×)')
    expect(parallel).to.include('1.78× (1.60–1.84×)')
    expect(parallel).to.include('1.86×') // the reference's speed-up
    expect(speed.match(/<svg class="chart class-chart wide"/g)).to.have.length(4)
    expect(speed.match(/<svg class="chart class-chart narrow"/g)).to.have.length(4)
  })

  it('shows pseudonyms on the leaderboard, never student ids, fastest first', () => {
    const board = section(html, 'leaderboard')
    for (const student of run.students) expect(board).not.to.include(escape(student.student))
    expect(board).to.include('amber-falcon')
    const sumParallel = board.slice(board.indexOf('sum <span class="tag">parallel'))
    const first = /<code>([^<]+)<\/code>/.exec(sumParallel)?.[1]
    expect(first).to.equal('koral-lark') // 0.85×, the lowest ratio for sum › parallel
    expect(board.match(/class="board"/g)).to.have.length(4) // sum × 3 strategies, greyscale × parallel
  })

  it('keeps the top 10 of each leaderboard', () => {
    const fast = run.students.find((s) => s.student === 'ana.garcia')!
    const many = Array.from({ length: 14 }, (_, i) => ({
      ...fast,
      student: `extra-${i}`,
      pseudonym: `pseudo-${String(i).padStart(2, '0')}`,
      speed: fast.speed.map((p) => ({ ...p, ratioToReference: 0.5 + i / 100 })),
    }))
    const board = section(renderClassReport({ ...run, students: [...run.students, ...many] }), 'leaderboard')
    const sumParallel = board.slice(board.indexOf('sum <span class="tag">parallel'))
    const first = sumParallel.slice(0, sumParallel.indexOf('</table>'))
    expect(first.match(/<code>/g)).to.have.length(10)
    expect(first).to.include('pseudo-00')
    expect(first).to.include('pseudo-09')
    expect(first).not.to.include('pseudo-10')
    expect(sumParallel).to.include('top 10 of 23 timed')
  })

  it('lists every submission that was not graded, with its reason', () => {
    const failures = section(html, 'not-graded')
    const notGraded = run.students.filter((s) => s.status !== 'graded')
    expect(notGraded).to.have.length(3)
    for (const student of notGraded) {
      expect(failures).to.include(escape(student.student))
      expect(failures).to.include(escape(student.reason!))
    }
    for (const student of run.students.filter((s) => s.status === 'graded'))
      expect(failures).not.to.include(`>${escape(student.student)}<`)
    expect(failures).to.include('timed out')
    expect(failures).to.include('unreadable')
  })

  it('tables every student with status, score, per-exercise scores and a link to their report', () => {
    const table = section(html, 'students')
    expect(table.match(/<tr class="/g)).to.have.length(13)
    expect(table).to.include('href="students/ana.garcia/index.html"')
    expect(table).to.include('45 / 45')
    expect(table).to.include('0 / 45')
    expect(table.match(/<a href=/g)).to.have.length(11) // crashed and unreadable have no report
  })

  it("names each shard's machine when sharded, and the one machine otherwise", () => {
    expect(section(html, 'run')).to.include('Machines, one per shard')
    expect(section(html, 'run')).to.include('Intel(R) Xeon(R) Platinum 8370C CPU @ 2.80GHz')
    const single: ClassRun = { ...run, machines: run.machines.slice(0, 1) }
    const page = renderClassReport(single)
    expect(section(page, 'run')).not.to.include('Machines, one per shard')
    expect(section(page, 'run')).to.include('AMD EPYC 7763')
  })

  it('leaves out speed and leaderboard when benchmarks were not run', () => {
    const page = renderClassReport(sampleClass({ bench: false }))
    expect(page).not.to.include('id="speed"')
    expect(page).not.to.include('id="leaderboard"')
    expect(page).to.include('Benchmarks were not run')
    expect(page.match(/<svg/g)).to.have.length(2) // the score distribution only, wide and narrow
    expect(page).to.include('benchmarks off')
  })

  it('warns that pseudonyms are unsalted without PARLAB_SECRET', () => {
    const unsalted: ClassRun = { ...run }
    delete unsalted.secretFingerprint
    expect(renderClassReport(unsalted)).to.include('PARLAB_SECRET was not set')
    expect(html).not.to.include('PARLAB_SECRET was not set')
  })

  it('never links outside the report folder', () => {
    const student = { ...run.students[0]!, reportPath: '//evil.example/x.html' }
    const page = renderClassReport({ ...run, students: [student] })
    expect(page).to.include('href="evil.example/x.html"')
  })
})

describe('report/class-report in headless Chromium', function () {
  this.timeout(60_000)
  let browser: Browser | undefined
  let dir: string
  const run = sampleClass()

  before(async function () {
    dir = mkdtempSync(join(tmpdir(), 'parlab-class-'))
    if (noChromium) skipBecause(this, noChromium)
    writeFileSync(join(dir, 'index.html'), renderClassReport(run))
    for (const student of run.students) {
      if (!student.reportPath) continue
      const file = join(dir, student.reportPath)
      mkdirSync(dirname(file), { recursive: true })
      writeFileSync(file, '<!doctype html><title>student</title>')
    }
    browser = await launchChromium()
  })

  after(async () => {
    await browser?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  async function open(
    options: Parameters<Browser['newPage']>[0],
  ): Promise<{ page: Page; problems: string[] }> {
    const page = await browser!.newPage(options)
    const problems: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text())
    })
    page.on('pageerror', (error) => problems.push(error.message))
    page.on('request', (request) => {
      if (!request.url().startsWith('file://')) problems.push(`request: ${request.url()}`)
    })
    page.on('dialog', (dialog) => {
      problems.push(`dialog: ${dialog.message()}`)
      void dialog.dismiss()
    })
    await page.goto(pathToFileURL(join(dir, 'index.html')).href, { waitUntil: 'load' })
    return { page, problems }
  }

  /** Exactly one layout of each chart shows, with a real size. */
  async function expectCharts(page: Page, layout: 'wide' | 'narrow', minWidth: number): Promise<void> {
    const charts = page.locator('svg.chart:visible')
    expect(await charts.count()).to.equal(1 + 2 + 2) // distribution; sum and greyscale × speed-up and ratio
    for (const chart of await charts.all()) {
      expect(await chart.getAttribute('class')).to.include(layout)
      const box = await chart.boundingBox()
      expect(box?.width).to.be.greaterThan(minWidth)
      expect(box?.height).to.be.greaterThan(80)
    }
  }

  it('renders without errors or dialogs, with sized charts and working links to reports', async () => {
    const { page, problems } = await open({ viewport: { width: 1200, height: 900 } })
    expect(problems).to.deep.equal([])
    expect(await page.locator('script').count()).to.equal(0)
    const text = await page.locator('body').innerText()
    expect(text).to.include(xssId)
    expect(text).to.include(quoteId)

    await expectCharts(page, 'wide', 600)

    const links = page.locator('#students a[href]')
    expect(await links.count()).to.equal(run.students.filter((s) => s.reportPath).length)
    for (const link of await links.all()) {
      const href = await link.evaluate((a) => (a as unknown as { href: string }).href)
      expect(existsSync(fileURLToPath(href)), href).to.equal(true)
    }

    await page.screenshot({ path: '/tmp/parlab-class.png', fullPage: true })
    await page.close()
  })

  it('fits a phone screen in dark mode without horizontal scrolling of the page', async () => {
    const { page, problems } = await open({ viewport: { width: 390, height: 844 }, colorScheme: 'dark' })
    expect(problems).to.deep.equal([])
    const overflow = await page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    )
    expect(overflow).to.equal(0)
    await expectCharts(page, 'narrow', 250)
    await page.screenshot({ path: '/tmp/parlab-class-mobile.png', fullPage: true })
    await page.close()
  })
})
