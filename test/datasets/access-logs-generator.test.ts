import { expect } from 'chai'
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { rotatedNames, writeAccessLogs } from '../../datasets/generators/access-logs.js'
import {
  courseRegexShare,
  hotPaths,
  malformedShare,
  statusShares,
} from '../../datasets/generators/access-logs/shape.js'
import {
  courseRegex,
  linesOf,
  parseLine,
  type OracleLine,
} from '../../grader/exercises/access-logs/oracle.js'

const lines = 60_000

describe('the access-logs generator', function () {
  this.timeout(60_000)
  const root = mkdtempSync(join(tmpdir(), 'parlab-logs-gen-'))
  const dirOf = (name: string): string => join(root, name)
  let text: string[]
  let parsed: OracleLine[]

  before(async () => {
    await writeAccessLogs({ lines, seed: 7, dir: dirOf('a') })
    await writeAccessLogs({ lines, seed: 7, dir: dirOf('b'), workers: 2 })
    await writeAccessLogs({ lines, seed: 8, dir: dirOf('c'), rotated: false })
    text = linesOf({ name: 'access.log', bytes: readFileSync(join(dirOf('a'), 'access.log')) })
    parsed = text.map(parseLine).filter((line) => line !== undefined)
  })
  after(() => rmSync(root, { recursive: true, force: true }))

  const share = (predicate: (line: OracleLine) => boolean, of = parsed.length): number =>
    parsed.filter(predicate).length / of

  it('gives the same bytes for the same seed, whatever the number of workers, and others for another seed', () => {
    const a = readFileSync(join(dirOf('a'), 'access.log'))
    expect(readFileSync(join(dirOf('b'), 'access.log')).equals(a)).to.equal(true)
    expect(readFileSync(join(dirOf('c'), 'access.log')).equals(a)).to.equal(false)
    expect(text).to.have.length(lines)
  })

  it('rotates the same lines by day: access.log (26 Jan), access.log.1, then .2.gz … .4.gz (22 Jan)', () => {
    const dir = join(dirOf('a'), 'rotated')
    expect(readdirSync(dir).sort()).to.deep.equal(Object.values(rotatedNames).sort())
    const oldestFirst = [22, 23, 24, 25, 26].map((day) => {
      const bytes = readFileSync(join(dir, rotatedNames[day]!))
      return rotatedNames[day]!.endsWith('.gz') ? gunzipSync(bytes) : bytes
    })
    expect(Buffer.concat(oldestFirst).equals(readFileSync(join(dirOf('a'), 'access.log')))).to.equal(true)
    const firstOf26 = linesOf({ name: 'access.log', bytes: readFileSync(join(dir, 'access.log')) })
      .map(parseLine)
      .find((line) => line !== undefined)!
    expect(firstOf26.dateHour.slice(0, 10)).to.equal('2019-01-26')
  })

  it('has the published status shares (within half a point for 200, a fifth of a point for the others)', () => {
    for (const [status, expected] of statusShares.slice(0, 7)) {
      const measured = share((line) => line.status === String(status))
      expect(measured, `status ${status}`).to.be.closeTo(expected, status === 200 ? 0.005 : 0.002)
    }
    const sizes = (status: string): Set<number> =>
      new Set(
        text
          .filter((line) => parseLine(line)?.status === status)
          .map((line) => Number(line.split('" ')[1]!.split(' ')[1])),
      )
    expect([...sizes('304')]).to.deep.equal([0])
    expect([...sizes('499')]).to.deep.equal([0])
  })

  it('has the hottest path at about 3.4% of all requests and the top five at about 9.8%', () => {
    const counts = new Map<string, number>()
    for (const line of parsed) counts.set(line.resource, (counts.get(line.resource) ?? 0) + 1)
    const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 5)
    expect(top.map(([path]) => path).sort()).to.deep.equal(hotPaths.map(([path]) => path).sort())
    expect(top[0]![1] / lines).to.be.closeTo(0.034, 0.003)
    const topFive = top.reduce((n, [, count]) => n + count, 0) / lines
    expect(topFive).to.be.closeTo(
      hotPaths.reduce((n, [, s]) => n + s, 0),
      0.006,
    )
    // A long tail: most paths are asked for once or twice (the real log has over 765,000 distinct ones).
    expect(counts.size / lines).to.be.above(0.2)
  })

  it('has about 2,000 user agents, crawlers among the most common, and referers on most human requests', () => {
    const agents = new Map<string, number>()
    for (const line of parsed) agents.set(line.agent, (agents.get(line.agent) ?? 0) + 1)
    expect(agents.size).to.be.within(1_500, 2_010)
    const top = [...agents]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([agent]) => agent)
    expect(top.some((agent) => agent.includes('Googlebot'))).to.equal(true)
    // The course's regex keeps only the lines whose referer is "-": about 16% of the real log.
    const kept = text.filter((line) => courseRegex.test(line)).length / lines
    expect(kept).to.be.closeTo(courseRegexShare, 0.015)
  })

  it('has a daily rhythm: busiest in the afternoon, quietest around 03–05, over 22–26 Jan 2019 at +0330', () => {
    const byHour = new Array<number>(24).fill(0)
    for (const line of parsed) byHour[Number(line.hour)]! += 1
    const busiest = byHour.indexOf(Math.max(...byHour))
    const quietest = byHour.indexOf(Math.min(...byHour))
    expect(busiest).to.be.within(13, 18)
    expect(quietest).to.be.within(2, 5)
    const days = new Set(parsed.map((line) => line.dateHour.slice(0, 10)))
    expect([...days].sort()).to.deep.equal([
      '2019-01-22',
      '2019-01-23',
      '2019-01-24',
      '2019-01-25',
      '2019-01-26',
    ])
    expect(new Set(parsed.map((line) => line.offsetMinutes))).to.deep.equal(new Set([210]))
  })

  it('has about 1% malformed lines, and rare POSTs', () => {
    expect(1 - parsed.length / lines).to.be.closeTo(malformedShare, 0.003)
    const posts = text.filter((line) => line.includes('"POST ')).length / lines
    expect(posts).to.be.within(0.001, 0.006)
  })
})
