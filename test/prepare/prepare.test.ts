import { expect } from 'chai'
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { generators } from '../../datasets/generators/index.js'
import { cacheRoot, cachedDataset, prepareDataset } from '../../grader/prepare/prepare.js'

// A stand-in generator registered under an id whose real generator does not exist yet in this test's view.
describe('prepare', () => {
  const seed = 987_654_321
  let calls = 0
  const saved = generators['access-logs']
  const clean = (): void => {
    const dir = join(cacheRoot, 'access-logs')
    const ours = (name: string): boolean => /^(tiny|small|full)-/.test(name) && name.includes(String(seed))
    if (existsSync(dir))
      for (const name of readdirSync(dir).filter(ours))
        rmSync(join(dir, name), { recursive: true, force: true })
  }
  before(() => {
    clean()
    generators['access-logs'] = {
      describe: () => 'one file',
      generate: ({ dir, seed: s, size }) => {
        calls++
        if (size === 'full') return Promise.reject(new Error('disk full'))
        writeFileSync(join(dir, 'data.txt'), `${size} ${s}\n`)
        return Promise.resolve()
      },
    }
  })
  after(() => {
    clean()
    if (saved) generators['access-logs'] = saved
    else delete generators['access-logs']
  })

  it('generates a data set once, then reuses it from the cache', async () => {
    const first = await cachedDataset('access-logs', 'tiny', seed)
    const second = await cachedDataset('access-logs', 'tiny', seed)
    expect(second).to.equal(first)
    expect(calls).to.equal(1)
    expect(readFileSync(join(first, 'data.txt'), 'utf8')).to.equal(`tiny ${seed}\n`)
    expect(first).to.equal(join(cacheRoot, 'access-logs', `tiny-${seed}`))
  })

  it('leaves nothing behind when generation fails', async () => {
    let failure: unknown
    await cachedDataset('access-logs', 'full', seed).catch((error: unknown) => (failure = error))
    expect(String(failure)).to.include('disk full')
    const left = readdirSync(join(cacheRoot, 'access-logs')).filter((name) => name.startsWith(`full-${seed}`))
    expect(left).to.deep.equal([])
  })

  it('removes the half-written sets of generators that are gone, and leaves a live one alone', async () => {
    // A pid that no longer runs (a generation interrupted with Ctrl-C), and one that does (another grader at work).
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    }).stdout
    const live = spawn('sleep', ['30'])
    try {
      const partial = (pid: number | string): string =>
        join(cacheRoot, 'access-logs', `small-${seed}.partial-${pid}`)
      for (const pid of [gone, live.pid!]) {
        mkdirSync(partial(pid), { recursive: true })
        writeFileSync(join(partial(pid), 'half.txt'), 'half')
      }
      await cachedDataset('access-logs', 'small', seed)
      expect(existsSync(partial(gone)), 'abandoned').to.equal(false)
      expect(existsSync(partial(live.pid!)), 'live').to.equal(true)
    } finally {
      live.kill()
    }
  })

  it('gives checks the tiny set and benchmarks the run size, or the real data given by path', async () => {
    const dataset = await prepareDataset('access-logs', {
      size: 'small',
      data: {},
      dataSeed: seed,
      bench: true,
    })
    expect(dataset.checkDir).to.match(/tiny-987654321$/)
    expect(dataset.benchDir).to.match(/small-987654321$/)
    expect(dataset.readPaths).to.have.length(2)
    const real = await prepareDataset('access-logs', {
      size: 'small',
      data: { 'access-logs': cacheRoot },
      dataSeed: seed,
      bench: true,
    })
    expect(real.benchDir).to.equal(cacheRoot)
    expect(existsSync(join(cacheRoot, 'access-logs'))).to.equal(true)
  })
})
