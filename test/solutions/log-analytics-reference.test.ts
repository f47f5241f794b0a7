import { expect } from 'chai'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { isInternal } from '../../solutions/log-analytics/addresses.js'
import { newAggregate } from '../../solutions/log-analytics/aggregate.js'
import { planBatches } from '../../solutions/log-analytics/batches.js'
import { addAccessLine, addAuthLine } from '../../solutions/log-analytics/parse.js'
import { forEachLine, forEachLineOfRange, lineRanges } from '../../solutions/log-analytics/read.js'
import { maxInWindow, nearestRank } from '../../solutions/log-analytics/report.js'
import { analyzeSecurityParallel } from '../../solutions/log-analytics/parallel.js'
import { analyzeSecuritySequential } from '../../solutions/log-analytics/sequential.js'

describe('solutions/log-analytics', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parlab-la-reference-'))
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('classifies addresses by range, IPv6 included', () => {
    for (const ip of [
      '10.200.1.1',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.0.1',
      '127.53.1.9',
      '169.254.169.254',
    ])
      expect(isInternal(ip), ip).to.equal(true)
    for (const ip of ['::1', 'fc00::1', 'fdff::1', 'fe80::1', 'febf::2'])
      expect(isInternal(ip), ip).to.equal(true)
    for (const ip of [
      '172.15.255.1',
      '172.32.0.1',
      '192.169.1.1',
      '11.0.0.1',
      '169.255.0.1',
      'fec0::1',
      '2001:db8::1',
    ])
      expect(isInternal(ip), ip).to.equal(false)
    expect(isInternal('ec2.amazonaws.com')).to.equal(false)
  })

  it('takes the nearest rank, not an interpolation', () => {
    const sizes = Array.from({ length: 150 }, (_, i) => 150 - i)
    expect(nearestRank(sizes, 99)).to.equal(149)
    expect(nearestRank([7], 99)).to.equal(7)
    expect(nearestRank([], 99)).to.equal(null)
    expect(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).to.equal(5)
    // The selection agrees with sorting on random lists, runs of equal values included.
    let state = 7
    const random = (): number => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648
    for (let trial = 0; trial < 500; trial++) {
      const values = Array.from({ length: 1 + Math.floor(random() * 200) }, () =>
        Math.floor(random() * (trial % 3 === 0 ? 4 : 1000)),
      )
      const sorted = [...values].sort((a, b) => a - b)
      for (const p of [1, 50, 99, 100])
        expect(nearestRank(values, p)).to.equal(sorted[Math.max(1, Math.ceil((p / 100) * values.length)) - 1])
    }
  })

  it('slides the brute-force window: failures exactly W apart are not in one window, repeats weigh N', () => {
    const minute = 60_000
    expect(
      maxInWindow([0, 1, 2 * minute, 1, 4 * minute, 1, 6 * minute, 1, 10 * minute, 1], 10 * minute),
    ).to.equal(4)
    expect(
      maxInWindow([0, 1, 2 * minute, 1, 4 * minute, 1, 6 * minute, 1, 10 * minute - 1, 1], 10 * minute),
    ).to.equal(5)
    expect(maxInWindow([5 * minute, 4, 0, 1], 10 * minute)).to.equal(5)
    expect(maxInWindow([], 10 * minute)).to.equal(0)
  })

  it('parses a request of exactly three non-empty parts on single spaces', () => {
    const agg = newAggregate()
    const line = (request: string): string =>
      `198.51.100.1 - - [27/Feb/2024:10:00:00 +0100] "${request}" 200 5 "-" "curl/8"`
    for (const request of ['GET /a HTTP/1.1', 'POST /login?next=%2Fadmin HTTP/2.0', 'X Y Z'])
      addAccessLine(agg, line(request))
    for (const request of ['GET  /a HTTP/1.1', 'GET /a', ' GET /a B', 'GET /a B ', 'GET /a B C', '-', ''])
      addAccessLine(agg, line(request))
    expect([agg.access.parsed, agg.access.malformed]).to.deep.equal([3, 7])
    expect(agg.access.login).to.equal(1)
  })

  it('reads syslog days padded with a space, and refuses a day the year does not have', () => {
    const agg = newAggregate()
    addAuthLine(
      agg,
      'Mar  1 09:00:00 h sshd[1]: Failed password for root from 198.51.100.1 port 1 ssh2',
      2024,
    )
    addAuthLine(
      agg,
      'Feb 29 09:00:00 h sshd[1]: Failed password for root from 198.51.100.1 port 1 ssh2',
      2023,
    )
    addAuthLine(agg, 'Mar 1 09:00:00 h sshd[1]: Failed password for root from 198.51.100.1 port 1 ssh2', 2024)
    expect(agg.auth.parsed).to.equal(1)
    expect(agg.auth.malformed).to.equal(2)
    expect(agg.auth.failures.get('198.51.100.1')).to.deep.equal([Date.UTC(2024, 2, 1, 9), 1])
  })

  it('cuts plain files into line-aligned ranges that together read every line once', () => {
    const lines = Array.from({ length: 5_000 }, (_, i) => `line ${i} ${'x'.repeat(i % 97)}`)
    const path = join(dir, 'lines.log')
    writeFileSync(path, `${lines.join('\r\n')}`)
    const size = Buffer.byteLength(lines.join('\r\n'))
    for (const parts of [1, 2, 3, 7, 64]) {
      const seen: string[] = []
      for (const [start, end] of lineRanges(path, size, parts))
        forEachLineOfRange(path, start, end, (line) => seen.push(line))
      expect(seen, `${parts} parts`).to.deep.equal(lines)
    }
    const gz = join(dir, 'lines.log.gz')
    writeFileSync(gz, gzipSync(`${lines.join('\n')}\n`))
    const fromGz: string[] = []
    forEachLine(gz, 0, (line) => fromGz.push(line))
    expect(fromGz).to.deep.equal(lines)
  })

  it('reads a line longer than its read block', () => {
    const path = join(dir, 'long.log')
    const long = `b${'y'.repeat(5 << 20)}`
    writeFileSync(path, `a\n${long}\nc`)
    const seen: string[] = []
    forEachLine(path, 3 + long.length + 2, (line) => seen.push(line))
    expect(seen.map((line) => line.length)).to.deep.equal([1, long.length, 1])
  })

  it('plans batches: ranges for plain files, .gz whole, CloudTrail files grouped', () => {
    const plain = join(dir, 'access.log')
    writeFileSync(plain, 'a\n'.repeat(100_000))
    const batches = planBatches(
      { access: [plain], appEvents: [join(dir, 'lines.log.gz')], audit: [plain, plain], auth: [] },
      4,
    )
    expect(batches.filter((b) => b.source === 'access')).to.have.length.greaterThan(1)
    expect(batches.filter((b) => b.source === 'appEvents')).to.deep.equal([
      { source: 'appEvents', path: join(dir, 'lines.log.gz'), whole: true },
    ])
    expect(batches.filter((b) => b.source === 'audit')).to.have.length(1)
  })

  it('rejects bad options with a RangeError naming the option, in both strategies', async () => {
    const sources = { access: [], appEvents: [], audit: [], auth: [] }
    for (const analyze of [analyzeSecuritySequential, analyzeSecurityParallel]) {
      let error: unknown
      try {
        await analyze(sources, { year: 24 })
      } catch (thrown) {
        error = thrown
      }
      expect(error).to.be.instanceOf(RangeError).with.property('message').that.includes('options.year')
      error = undefined
      try {
        await analyze(sources, { bruteForce: { failures: 0, windowMinutes: 10 } })
      } catch (thrown) {
        error = thrown
      }
      expect(error).to.be.instanceOf(RangeError).with.property('message').that.includes('bruteForce.failures')
    }
  })
})
