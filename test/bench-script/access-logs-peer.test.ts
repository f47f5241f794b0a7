import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { writeAccessLogs } from '../../datasets/generators/access-logs.js'
import { fixturesDir } from '../../grader/exercises/access-logs/check-inputs.js'
import { courseRegex, linesOf } from '../../grader/exercises/access-logs/oracle.js'
import { pythonWith, skipBecause } from '../helpers.js'

interface PeerOutput {
  lines: number
  matched: number
  top5_resources: [string, number][]
  requests_per_hour: Record<string, number>
  max_rss_mb: number
}

const script = fileURLToPath(new URL('../../bench/peers/access_logs.py', import.meta.url))
const found = pythonWith()

function runPeer(mode: string, file: string): PeerOutput {
  if (!('python' in found)) throw new Error(found.missing)
  const result = spawnSync(found.python, [script, mode, file], { encoding: 'utf8', timeout: 60_000 })
  expect(result.status, result.stderr).to.equal(0)
  return JSON.parse(result.stdout) as PeerOutput
}

describe("bench peer script (bench/peers/access_logs.py): the course's Python", function () {
  this.timeout(60_000)
  const root = mkdtempSync(join(tmpdir(), 'parlab-logs-peer-'))
  before(async function () {
    if ('missing' in found) skipBecause(this, found.missing)
    await writeAccessLogs({ lines: 5_000, seed: 9, dir: root, rotated: false })
  })
  after(() => rmSync(root, { recursive: true, force: true }))

  it('keeps only the 11 real lines without a referer, and counts its hours over those alone', () => {
    for (const mode of ['seq', 'pool']) {
      const output = runPeer(mode, join(fixturesDir, 'zanbil-22.log'))
      expect(output.lines, mode).to.equal(22)
      expect(output.matched, mode).to.equal(11)
      expect(Object.values(output.requests_per_hour).reduce((a, b) => a + b, 0)).to.equal(11)
      expect(output.max_rss_mb).to.be.above(0)
    }
  })

  it("matches the same lines as the grader's copy of the course's regex, on generated data with invalid bytes", () => {
    const file = join(root, 'access.log')
    const kept = linesOf({ name: file, bytes: readFileSync(file) }).filter((line) =>
      courseRegex.test(line),
    ).length
    const [seq, pool] = [runPeer('seq', file), runPeer('pool', file)]
    expect(seq.lines).to.equal(5_000)
    expect(seq.matched).to.equal(kept)
    expect(pool.matched).to.equal(kept)
    expect(pool.top5_resources).to.deep.equal(seq.top5_resources)
  })
})
