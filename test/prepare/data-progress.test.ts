import { expect } from 'chai'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { cacheRoot, prepareDataset } from '../../grader/prepare/prepare.js'
import type { DataSize } from '../../grader/types.js'

// Issue 14 §2: a student's first run generates data sets; the terminal says so while it waits.
describe('prepareDataset: progress while a data set is generated', function () {
  this.timeout(120_000)
  const seed = 0x7ea5ed // a seed no other test uses: its sets are generated here, then removed
  after(() => {
    for (const size of ['tiny', 'small'])
      rmSync(join(cacheRoot, 'access-logs', `${size}-${seed}`), { recursive: true, force: true })
  })

  it('reports the progress of each set it generates, and nothing once they are cached', async () => {
    const options = { size: 'tiny' as DataSize, data: {}, dataSeed: seed, bench: false }
    const seen: [DataSize, number, number][] = []
    await prepareDataset('access-logs', options, (size, done, total) => seen.push([size, done, total]))
    expect(seen.length).to.be.above(0)
    expect(seen.every(([size]) => size === 'tiny')).to.equal(true)
    const [, done, total] = seen.at(-1)!
    expect(done).to.equal(total)
    const again: unknown[] = []
    await prepareDataset('access-logs', options, (...args) => again.push(args))
    expect(again).to.deep.equal([])
  })

  it('generates nothing for an exercise whose data is built in memory', async () => {
    const seen: unknown[] = []
    const dataset = await prepareDataset(
      'sum',
      { size: 'small', data: {}, dataSeed: seed, bench: true },
      (...args) => seen.push(args),
    )
    expect(dataset.readPaths).to.deep.equal([])
    expect(seen).to.deep.equal([])
  })
})
