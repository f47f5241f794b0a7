import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// The checks call parallelSum with 3, 8 and the default number of workers in turn. Rebuilding the pool at every
// change started threads again and again (half a second each time, and a destroy racing thread start-up). Node
// numbers worker threads in creation order, so a fresh Worker's threadId tells how many threads were started before.
const script = (project: string): string => `
import { Worker } from 'node:worker_threads'
import { parallelSum } from '${project}/solutions/sum/parallel.ts'
const nextThreadId = async () => {
  const probe = new Worker('', { eval: true })
  const id = probe.threadId
  await probe.terminate()
  return id
}
const values = new Float64Array(new SharedArrayBuffer(8 * 100)).fill(1)
const sumWith = async (workers) => {
  if ((await parallelSum(values, { workers })) !== 100) throw new Error('wrong sum')
}
for (const workers of [3, 8, 2]) await sumWith(workers)
// A probe may start helper threads of its own (tsx's loader): measure what one costs with nothing in between.
const first = await nextThreadId()
const before = await nextThreadId()
const probeCost = before - first
for (let round = 0; round < 3; round++) {
  for (const workers of [3, 8, 2]) await sumWith(workers)
  await new Promise((resolve) => setTimeout(resolve, 50))
}
console.log(await nextThreadId() - before - probeCost)
process.exit(0)
`

describe('the sum reference pools', () => {
  it('start no thread again once each worker count has been used, however the counts alternate', function () {
    this.timeout(60_000)
    const file = join(mkdtempSync(join(tmpdir(), 'parlab-pools-')), 'pools.mts')
    writeFileSync(file, script(process.cwd()))
    const run = spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8' })
    expect(run.status, run.stderr).to.equal(0)
    expect(Number(run.stdout.trim())).to.equal(0)
  })
})
