import { expect } from 'chai'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser } from 'playwright-core'
import { cacheRoot } from '../../grader/prepare/prepare.js'
import { dashboardChart } from '../../grader/report/dashboard-charts.js'
import { securityPanels } from '../../grader/exercises/log-analytics/dashboard.js'
import { expectedReport } from '../../grader/exercises/log-analytics/expected.js'
import { sourcesIn } from '../../grader/exercises/log-analytics/layout.js'
import { runGrade, type GradeRun } from '../e2e/run-grade.js'
import { launchChromium, noChromium, skipBecause } from '../helpers.js'

describe('report/dashboard-charts', () => {
  it('draws one bar per value, labelled and escaped, with an accessible title', () => {
    const svg = dashboardChart({
      title: 'Top <error> addresses',
      kind: 'bars',
      unit: 'errors',
      data: [
        ['10.0.0.1', 12],
        ['<script>', 3],
      ],
    })
    expect(svg.match(/<rect /g)).to.have.length(2)
    expect(svg).to.include('role="img"').and.include('aria-label="Top &lt;error&gt; addresses (errors)"')
    expect(svg).to.include('&lt;script&gt;').and.not.include('<script>')
    expect(svg).to.include('<title>10.0.0.1: 12 errors</title>')
  })

  it('draws columns for a series, the tallest at full height', () => {
    const data: [string, number][] = Array.from({ length: 24 }, (_, h) => [String(h).padStart(2, '0'), h])
    const svg = dashboardChart({ title: 'Hourly traffic', kind: 'columns', unit: 'requests', data })
    expect(svg.match(/<rect /g)).to.have.length(24)
    expect(svg).to.include('height="150"')
  })
})

describe('the log-analytics dashboard in the HTML report', function () {
  this.timeout(120_000)
  let browser: Browser | undefined
  let demo: GradeRun

  before(async function () {
    if (noChromium) skipBecause(this, noChromium)
    demo = runGrade(['--demo', '--only', 'log-analytics', '--no-bench'])
    browser = await launchChromium()
  })
  after(() => browser?.close())

  it("is drawn from the submission's own validated report, offline, in headless Chromium", async () => {
    expect(demo.status, demo.stderr).to.equal(0)
    const seed = demo.results!.extra_data.seed as number
    const expected = expectedReport(sourcesIn(join(cacheRoot, 'log-analytics', `tiny-${seed}`)))
    const panels = securityPanels(expected)
    const file = join(demo.outDir, 'index.html')
    const page = await browser!.newPage({ viewport: { width: 1100, height: 900 } })
    const problems: string[] = []
    const requests: string[] = []
    page.on('pageerror', (error) => problems.push(error.message))
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text())
    })
    page.on('request', (request) => requests.push(request.url()))
    const url = pathToFileURL(file).href
    await page.goto(url, { waitUntil: 'load' })
    expect(problems).to.deep.equal([])
    expect(requests).to.deep.equal([url])
    const charts = page.locator('#ex-log-analytics svg.dashboard-chart')
    expect(await charts.count()).to.equal(panels.length)
    for (const [i, chart] of (await charts.all()).entries()) {
      const box = await chart.boundingBox()
      expect(box?.width, panels[i]!.title).to.be.greaterThan(300)
      expect(box?.height, panels[i]!.title).to.be.greaterThan(20)
      const titles = await chart.locator('rect > title').allTextContents()
      expect(titles, panels[i]!.title).to.deep.equal(
        panels[i]!.data.map(
          ([label, value]) => `${label}: ${value.toLocaleString('en-US')} ${panels[i]!.unit}`,
        ),
      )
    }
    const text = await page.locator('#ex-log-analytics').innerText()
    expect(text.toLowerCase())
      .to.include('dashboard')
      .and.include("your sequential strategy's report on the tiny data set")
    await page.screenshot({ path: '/tmp/parlab-dashboard.png', fullPage: true })
    await page.close()
  })

  it('is left out when a section of the report did not match the reference', () => {
    const run = runGrade([
      '--submission',
      'test/fixtures/submissions/log-analytics-private-prefix',
      '--only',
      'log-analytics',
      '--no-bench',
    ])
    expect(run.status, run.stderr).to.equal(0)
    const html = readFileSync(join(run.outDir, 'index.html'), 'utf8')
    expect(html).to.not.include('dashboard-chart')
    expect(readFileSync(join(demo.outDir, 'index.html'), 'utf8')).to.include('dashboard-chart')
  })
})
