import { expect } from 'chai'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { writeLogAnalytics } from '../../datasets/generators/log-analytics.js'
import {
  chunkRange,
  recordsBySize,
  timeAt,
  windowEndMs,
  windowStartMs,
} from '../../datasets/generators/log-analytics/plan.js'
import { sourcesIn } from '../../grader/exercises/log-analytics/layout.js'
import { analyzeSecuritySequential } from '../../solutions/log-analytics/sequential.js'

describe('datasets/generators/log-analytics', function () {
  this.timeout(60_000)
  const dir = mkdtempSync(join(tmpdir(), 'parlab-la-generator-'))
  before(() => writeLogAnalytics({ size: 'small', seed: 3, dir }))
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('plans at least 5 million records at the full size', () => {
    const full = Object.values(recordsBySize.full).reduce((a, b) => a + b, 0)
    expect(full).to.be.at.least(5_000_000)
  })

  it('follows a daily rhythm inside the shared window, chunk ranges meeting end to end', () => {
    expect(timeAt(0)).to.equal(windowStartMs)
    expect(timeAt(1)).to.be.at.most(windowEndMs)
    for (let q = 0; q < 1; q += 0.01) expect(timeAt(q + 0.01)).to.be.at.least(timeAt(q))
    const [, firstEnd] = chunkRange('small', 'access', 0)
    expect(chunkRange('small', 'access', 1)[0]).to.equal(firstEnd)
  })

  it('writes CloudTrail files of a few MB at most, most of them gzipped', () => {
    const audit = sourcesIn(dir).audit
    expect(audit.length).to.be.greaterThan(5)
    expect(audit.filter((path) => path.endsWith('.gz')).length).to.be.greaterThan(audit.length / 2)
    for (const path of audit) {
      const bytes = readFileSync(path)
      const text = path.endsWith('.gz') ? gunzipSync(bytes) : bytes
      expect(text.length, path).to.be.below(8 << 20)
      expect(statSync(path).size).to.be.above(0)
    }
  })

  it('shares addresses and the week between sources, with attacks in each', async () => {
    const report = await analyzeSecuritySequential(sourcesIn(dir))
    const brute = report.auth.bruteForce.map((b) => b.ip)
    const errorIps = new Set(report.anomalies.errorIps.map(([ip]) => ip))
    expect(
      brute.filter((ip) => errorIps.has(ip)).length,
      'brute-force sources also hammer /login',
    ).to.be.greaterThan(2)
    expect(report.audit.consoleLogins.externalFailed).to.be.greaterThan(0)
    expect(report.enrichment.filter((e) => e.risk === 'high').length).to.be.at.least(brute.length)
    expect(report.enrichment.filter((e) => e.risk === 'low').length).to.be.greaterThan(100)
    for (const b of report.auth.bruteForce) {
      const at = Date.parse(b.firstFailure)
      expect(at).to.be.within(windowStartMs, windowEndMs + 3_600_000)
    }
    const hours = Object.values(report.access.requestsPerHour)
    expect(Math.max(...hours) / Math.min(...hours), 'a daily rhythm').to.be.greaterThan(3)
    expect(report.access.serverErrors).to.be.greaterThan(0)
    expect(report.access.endpoints.api).to.be.greaterThan(0)
    expect(report.access.endpoints.admin).to.be.greaterThan(0)
    expect(Object.keys(report.appEvents.byType)).to.include.members([
      'PushEvent',
      'PullRequestEvent',
      'IssuesEvent',
      'WatchEvent',
      'CreateEvent',
    ])
    const sizes = Object.values(report.appEvents.byType).map((t) => t.maxPayloadSize)
    expect(Math.max(...sizes) / Math.min(...sizes), 'payloads of varying size').to.be.greaterThan(50)
    const auth = readFileSync(sourcesIn(dir).auth[0]!, 'utf8')
    expect(auth)
      .to.match(/ CRON\[\d+\]: /)
      .and.match(/pam_unix\(sshd:auth\): authentication failure/)
    expect(auth)
      .to.match(/Invalid user \S+ from /)
      .and.match(/Accepted publickey for /)
  })
})
