import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const script = fileURLToPath(new URL('../../bench/access-logs-rss.ts', import.meta.url))
const log = fileURLToPath(new URL('../../datasets/fixtures/access-logs/zanbil-22.log', import.meta.url))

describe('bench peak-memory probe (bench/access-logs-rss.ts)', function () {
  this.timeout(60_000)

  it("reports the child's own peak, not the parent's size at fork (Linux keeps getrusage's maxRSS across exec)", () => {
    const parentBallast = Buffer.alloc(400 * 1024 * 1024, 1)
    const run = spawnSync(process.execPath, ['--import', 'tsx', script, 'sequential', log], {
      encoding: 'utf8',
    })
    expect(run.status, run.stderr).to.equal(0)
    const { lines, maxRssMb } = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as {
      lines: number
      maxRssMb: number
    }
    expect(lines).to.equal(22)
    expect(maxRssMb).to.be.above(10).and.below(300)
    expect(parentBallast[0]).to.equal(1)
  })
})
