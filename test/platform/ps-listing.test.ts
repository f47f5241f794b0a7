import { expect } from 'chai'
import { resolve } from 'node:path'
import { loadGradingConfig } from '../../grader/config.js'
import { gradeSubmission } from '../../grader/pipeline.js'
import { latestScan, listingSource, useListingSource } from '../../grader/platform/process-source.js'
import { processTree } from '../../grader/platform/process-table.js'
import { treeCpuMs } from '../../grader/run/process-tree.js'
import { sumOnlyOptions } from '../helpers.js'

// The grader as on macOS: processes listed by ps, in a sampler loop of its own (here procps' ps, which reads /proc).
describe('process listings from ps (macOS, a Linux without /proc)', function () {
  this.timeout(120_000)
  before(() => useListingSource({ kind: 'ps', wholeSeconds: true }))
  after(() => useListingSource(undefined))

  it("gives the watchdog the newest listing without waiting for ps: this process's memory, parent and children", async () => {
    let scan = latestScan()
    const deadline = Date.now() + 20_000
    let slowest = 0
    while (!scan?.alive.has(process.pid)) {
      if (Date.now() > deadline) throw new Error('no listing from the ps sampler within 20 s')
      await new Promise((resolve) => setTimeout(resolve, 20))
      const start = performance.now()
      scan = latestScan()
      slowest = Math.max(slowest, performance.now() - start)
    }
    // A tick reads what the sampler finished: it never starts or waits for a ps of its own.
    expect(slowest, 'the slowest latestScan() in ms').to.be.below(5)
    const rssKb = process.memoryUsage().rss / 1024
    expect(scan.residentKb(process.pid)).to.be.within(rssKb * 0.5, rssKb * 2)
    expect(processTree(process.ppid, scan)).to.include(process.pid)
  })

  it('measures no CPU time where ps counts whole seconds (procps): NaN, never a rounded figure', () => {
    expect(Number.isNaN(treeCpuMs(process.pid))).to.equal(true)
  })

  it('stops a memory hog (Buffers, beyond the heap cap) with the listings of the sampler', async () => {
    const shipped = loadGradingConfig()
    const config = { ...shipped, limits: { ...shipped.limits, memoryMb: { sum: 400 } } }
    const grade = await gradeSubmission(
      sumOnlyOptions(resolve('test/fixtures/submissions/memory-hog')),
      config,
    )
    expect(listingSource().kind).to.equal('ps')
    const check = grade.exercises[0]!.checks.find((c) => c.strategy === 'sequential')!
    expect(check.status).to.equal('failed')
    expect(check.message).to.match(
      /ran out of memory: the process tree used \d+ MB, above the limit of 400 MB/,
    )
    console.log(`      (${/used (\d+ MB)/.exec(check.message ?? '')?.[1]} when stopped)`)
  })
})
