import { expect } from 'chai'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeAccessLogs } from '../../datasets/generators/access-logs.js'
import { reportOf } from '../../grader/exercises/access-logs/counts.js'
import { fixtureNames, fixturesDir } from '../../grader/exercises/access-logs/check-inputs.js'
import { linesOf, parseLine } from '../../grader/exercises/access-logs/oracle.js'
import { analyzeLogsConcurrent } from '../../solutions/access-logs/concurrent.js'
import { KeyTable } from '../../solutions/access-logs/key-table.js'
import { LogCounter } from '../../solutions/access-logs/log-counter.js'
import { analyzeLogsParallel } from '../../solutions/access-logs/parallel.js'
import { lineRanges } from '../../solutions/access-logs/ranges.js'
import { LineCarry } from '../../solutions/access-logs/read-stream.js'
import { buildReport, topKeys } from '../../solutions/access-logs/report.js'
import { analyzeLogsSequential } from '../../solutions/access-logs/sequential.js'
import type { LogReport } from '../../solutions/access-logs/types.js'

const strategies = { analyzeLogsSequential, analyzeLogsParallel, analyzeLogsConcurrent }

/** The oracle's report: one regular expression per decoded line, written for clarity, not speed. */
function oracleReport(paths: string[], top = 5): LogReport {
  const lines = paths.flatMap((path) => linesOf({ name: path, bytes: readFileSync(path) }))
  return reportOf(
    lines.length,
    lines.map(parseLine).filter((line) => line !== undefined),
    top,
  )
}

describe('the access-logs reference parser', function () {
  this.timeout(60_000)
  const root = mkdtempSync(join(tmpdir(), 'parlab-logs-parser-'))
  const generated = join(root, 'generated')
  const generatedLog = join(generated, 'access.log')
  before(() => writeAccessLogs({ lines: 30_000, seed: 3, dir: generated }))
  after(() => rmSync(root, { recursive: true, force: true }))

  for (const name of fixtureNames()) {
    it(`agrees with the oracle on the fixture ${name}, in every strategy`, async () => {
      const path = join(fixturesDir, name)
      const expected = oracleReport([path], 50)
      for (const [strategy, analyze] of Object.entries(strategies)) {
        expect(await analyze([path], { top: 50, workers: 3 }), strategy).to.deep.equal(expected)
      }
    })
  }

  it('agrees with the oracle on generated lines and on the rotated folder, in every strategy', async () => {
    const rotated = [
      'access.log.4.gz',
      'access.log.3.gz',
      'access.log.2.gz',
      'access.log.1',
      'access.log',
    ].map((name) => join(generated, 'rotated', name))
    const expected = oracleReport([generatedLog], 10)
    for (const [strategy, analyze] of Object.entries(strategies)) {
      expect(await analyze([generatedLog], { top: 10 }), strategy).to.deep.equal(expected)
      expect(await analyze(rotated, { top: 10, concurrency: 2 }), `${strategy}, rotated`).to.deep.equal(
        expected,
      )
    }
  })

  it('gives the same report with 1, 3 and 7 workers: every byte range starts and ends at a line boundary', async () => {
    const expected = await analyzeLogsSequential([generatedLog])
    for (const workers of [1, 3, 7]) {
      expect(await analyzeLogsParallel([generatedLog], { workers }), `${workers} workers`).to.deep.equal(
        expected,
      )
    }
  })

  it('cuts ranges after newlines, even when lines are longer than a range', () => {
    const path = join(root, 'ranges.log')
    const text = ['a', 'bb', 'x'.repeat(50), '', 'ccc', 'last line without newline'].join('\n')
    writeFileSync(path, text)
    for (let parts = 1; parts <= 12; parts++) {
      const ranges = lineRanges(path, text.length, parts)
      expect(ranges[0]![0]).to.equal(0)
      expect(ranges.at(-1)![1]).to.equal(text.length)
      ranges.forEach(([start, end], i) => {
        expect(end).to.be.greaterThan(start)
        if (i > 0) expect(text[start - 1]).to.equal('\n')
        if (i + 1 < ranges.length) expect(ranges[i + 1]![0]).to.equal(end)
      })
    }
  })

  it('counts the same lines whatever the stream chunks are (lines straddling chunks, CRLF split from LF)', () => {
    const bytes = readFileSync(join(fixturesDir, 'malformed.log'))
    const whole = new LogCounter()
    const carry = new LineCarry(whole)
    carry.push(bytes)
    carry.end()
    let seed = 12345
    for (let trial = 0; trial < 20; trial++) {
      const counter = new LogCounter()
      const pieces = new LineCarry(counter)
      for (let at = 0; at < bytes.length;) {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
        const size = 1 + (seed % 97)
        pieces.push(bytes.subarray(at, at + size))
        at += size
      }
      pieces.end()
      expect(buildReport(counter, 50)).to.deep.equal(buildReport(whole, 50))
    }
  })

  it('merges key tables with their hashes, and grows past its first capacity', () => {
    const a = new KeyTable(16)
    const b = new KeyTable(16)
    const key = (i: number): Buffer => Buffer.from(`/key/${i % 1000}`)
    for (let i = 0; i < 5_000; i++) (i % 2 ? a : b).add(key(i), 0, key(i).length)
    a.merge(b)
    expect(a.size).to.equal(1000)
    const top = topKeys(a.parts(), 3)
    expect(top).to.deep.equal([
      ['/key/0', 5],
      ['/key/1', 5],
      ['/key/10', 5],
    ])
  })

  it('takes over the first table merged into an empty one, then goes on counting and merging', () => {
    const key = (i: number): Buffer => Buffer.from(`/key/${i % 700}`)
    const first = new KeyTable(16)
    for (let i = 0; i < 2_000; i++) first.add(key(i), 0, key(i).length)
    const merged = new KeyTable()
    merged.merge(first.parts())
    for (let i = 0; i < 1_500; i++) merged.add(key(i + 300), 0, key(i + 300).length)
    const later = new KeyTable(16)
    for (let i = 0; i < 900; i++) later.add(key(i), 0, key(i).length)
    merged.merge(later)
    const expected = new Map<string, number>()
    const count = (i: number): void => {
      expected.set(key(i).toString(), (expected.get(key(i).toString()) ?? 0) + 1)
    }
    for (let i = 0; i < 2_000; i++) count(i)
    for (let i = 0; i < 1_500; i++) count(i + 300)
    for (let i = 0; i < 900; i++) count(i)
    expect(merged.size).to.equal(700)
    expect(new Map(topKeys(merged.parts(), 1_000))).to.deep.equal(expected)
    expect(first.size).to.equal(700)
  })

  it('adds up keys whose invalid bytes decode to the same U+FFFD string', () => {
    const table = new KeyTable()
    for (const bytes of [
      [0x2f, 0xe9],
      [0x2f, 0xff],
      [0x2f, 0xff],
      [0x2f, 0x61],
    ]) {
      table.add(Buffer.from(bytes), 0, bytes.length)
    }
    expect(topKeys(table.parts(), 2)).to.deep.equal([
      ['/\uFFFD', 3],
      ['/a', 1],
    ])
  })

  it('answers an empty file list with zeros and all 24 hours', async () => {
    for (const [strategy, analyze] of Object.entries(strategies)) {
      const report = await analyze([])
      expect(report.totalLines, strategy).to.equal(0)
      expect(Object.keys(report.requestsPerHour)).to.have.length(24)
      expect(Object.values(report.requestsPerHour).every((n) => n === 0)).to.equal(true)
    }
  })

  it('rejects a bad top, workers or concurrency with a RangeError that names the option', async () => {
    const bad: [keyof typeof strategies, object, string][] = [
      ['analyzeLogsSequential', { top: -1 }, 'top'],
      ['analyzeLogsParallel', { workers: 0 }, 'workers'],
      ['analyzeLogsConcurrent', { concurrency: 1.5 }, 'concurrency'],
    ]
    for (const [strategy, options, option] of bad) {
      let error: unknown
      await strategies[strategy]([], options).catch((thrown: unknown) => (error = thrown))
      expect(error, strategy).to.be.instanceOf(RangeError)
      expect(String(error)).to.include(option)
    }
  })
})
