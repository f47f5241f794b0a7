import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// The checks call parallelSum with 3, 8 and the default number of workers in turn. Rebuilding the pool at every
// change started threads again and again (half a second each time, and a destroy racing thread start-up).
// Node numbers worker threads in creation order, so a fresh Worker's threadId counts the threads made before it.
const script = (project: string): string => `
import { Worker } from 'node:worker_threads'
import { parallelSum } from '${project}/solutions/sum/parallel.ts'
const before = new Worker('', { eval: true })
await before.terminate()
const values = new Float64Array(new SharedArrayBuffer(8 * 100)).fill(1)
for (let round = 0; round < 4; round++) {
  for (const workers of [3, 8, 2]) if ((await parallelSum(values, { workers })) !== 100) throw new Error('wrong sum')
}
const after = new Worker('', { eval: true })
console.log(after.threadId - before.threadId - 1)
await after.terminate()
process.exit(0)
`

describe('the sum reference pools', () => {
  it('start each worker count once, however the counts alternate', function () {
    this.timeout(60_000)
    const file = join(mkdtempSync(join(tmpdir(), 'parlab-pools-')), 'pools.mts')
    writeFileSync(file, script(process.cwd()))
    const run = spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8' })
    expect(run.status, run.stderr).to.equal(0)
    // 3 + 8 + 2 threads, give or take a few that piscina replaces; rebuilding on every change made 55.
    expect(Number(run.stdout.trim())).to.be.within(3 + 8 + 2, 20)
  })
})
