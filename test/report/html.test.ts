import { expect } from 'chai'
import Handlebars from 'handlebars'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { launchChromium, noChromium, skipBecause } from '../helpers.js'
import type { Browser } from 'playwright-core'
import { escapeXml, latencyChart, ratioChart, speedupChart } from '../../grader/report/charts.js'
import { renderHtmlReport } from '../../grader/report/html.js'
import type { SubmissionGrade } from '../../grader/types.js'
import { sampleGrade } from './sample-grade.js'

const benchOf = (grade: SubmissionGrade) => grade.exercises[0]!.bench!

describe('report/charts', () => {
  it('escapes text for SVG', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).to.equal(
      '&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;',
    )
  })

  it('draws accessible SVGs: role, aria-label and a title', () => {
    const bench = benchOf(sampleGrade())
    for (const chart of [latencyChart(bench), ratioChart(bench), speedupChart(bench)]) {
      expect(chart).to.match(/^<svg class="chart" role="img" aria-label="[^"]+"/)
      expect(chart).to.include('<title>')
      expect(chart).not.to.match(/NaN|Infinity|undefined/)
    }
  })

  it('bars one rectangle per measured side and strategy, and says why a side was not timed', () => {
    const bench = benchOf(sampleGrade())
    expect(latencyChart(bench).match(/<rect class="bar-/g)).to.have.length(6 + 2) // 6 bars + 2 legend swatches
    const failed = {
      ...bench,
      timings: bench.timings.map((t, i) =>
        i === 2 ? { ...t, state: 'failed' as const, reason: '<boom>' } : t,
      ),
    }
    const svg = latencyChart(failed)
    expect(svg.match(/<rect class="bar-/g)).to.have.length(5 + 2)
    expect(svg).to.include('not timed: &lt;boom&gt;')
  })

  it('marks 1× on the ratio chart and leaves out what was not measured', () => {
    const bench = benchOf(sampleGrade())
    expect(ratioChart(bench)).to.include('1× = same')
    expect(ratioChart({ ...bench, ratioToReference: {} })).to.equal('')
    expect(speedupChart({ ...bench, timings: bench.timings.map(({ speedup: _, ...t }) => t) })).to.equal('')
  })
})

describe('report/html', () => {
  const html = renderHtmlReport(sampleGrade())

  it('is self-contained: no remote src/href, no scripts, no imports', () => {
    expect(html).not.to.match(/\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i)
    expect(html).not.to.match(/<script|<link|@import|url\(/i)
  })

  it('escapes everything the student controls', () => {
    expect(html).not.to.include('<script>alert(1)</script>')
    expect(html).to.include('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).not.to.include('<img src=x')
    expect(html).to.include('ana.o&#x27;neil')
  })

  it('shows the score, every check, the quiz, the verdicts and the sandbox warnings', () => {
    expect(html).to.include('37.5 / 52')
    for (const check of sampleGrade().exercises.flatMap((e) => e.checks)) {
      expect(html).to.include(Handlebars.escapeExpression(check.name.replace(/^quiz: /, '')))
    }
    for (const verdict of ['equal', 'slower', 'inconclusive', 'faster', 'not measurable'])
      expect(html).to.include(`>${verdict}<`)
    expect(html).to.include('1.62× [1.48–1.79]')
    expect(html).to.include('after publish')
    expect(html).to.include('network is not blocked (bubblewrap unavailable)')
  })

  it('keeps multi-line messages intact inside <pre>', () => {
    expect(html).to.include('<pre class="message">expected 500000500000\nreceived 499999500001')
  })

  it('says so when benchmarks were not run', () => {
    const grade = sampleGrade()
    const page = renderHtmlReport({
      ...grade,
      bench: false,
      exercises: grade.exercises.map(({ bench: _, ...e }) => e),
    })
    expect(page).to.include('Benchmarks were not run')
    expect(page).not.to.include('<svg')
  })
})

describe('report/html in headless Chromium', function () {
  this.timeout(30_000)
  let browser: Browser | undefined
  let dir: string

  before(async function () {
    dir = mkdtempSync(join(tmpdir(), 'parlab-report-'))
    if (noChromium) skipBecause(this, noChromium)
    browser = await launchChromium()
  })

  after(async () => {
    await browser?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('renders without errors, dialogs or requests, with visible score and sized charts', async () => {
    const file = join(dir, 'index.html')
    writeFileSync(file, renderHtmlReport(sampleGrade()))
    const page = await browser!.newPage({ viewport: { width: 1100, height: 900 } })
    const problems: string[] = []
    const requests: string[] = []
    let dialogs = 0
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text())
    })
    page.on('pageerror', (error) => problems.push(error.message))
    page.on('request', (request) => requests.push(request.url()))
    page.on('dialog', (dialog) => {
      dialogs++
      void dialog.dismiss()
    })

    const url = pathToFileURL(file).href
    await page.goto(url, { waitUntil: 'load' })

    expect(problems).to.deep.equal([])
    expect(dialogs).to.equal(0)
    expect(requests).to.deep.equal([url])
    expect(await page.locator('script').count()).to.equal(0)
    const text = await page.locator('body').innerText()
    expect(text).to.include('37.5 / 52')
    expect(text).to.include('<script>alert(1)</script>')
    expect(await page.locator('.score').isVisible()).to.equal(true)

    const charts = page.locator('svg.chart')
    expect(await charts.count()).to.equal(3)
    for (const chart of await charts.all()) {
      const box = await chart.boundingBox()
      expect(box?.width).to.be.greaterThan(100)
      expect(box?.height).to.be.greaterThan(50)
    }

    await page.screenshot({ path: '/tmp/parlab-report.png', fullPage: true })
    await page.close()
  })

  it('fits a phone screen without horizontal scrolling of the page', async () => {
    const file = join(dir, 'mobile.html')
    writeFileSync(file, renderHtmlReport(sampleGrade()))
    const page = await browser!.newPage({ viewport: { width: 390, height: 844 }, colorScheme: 'dark' })
    await page.goto(pathToFileURL(file).href)
    const overflow = await page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    )
    expect(overflow).to.equal(0)
    await page.screenshot({ path: '/tmp/parlab-report-mobile.png', fullPage: true })
    await page.close()
  })
})
