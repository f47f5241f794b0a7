import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { peerScript } from '../../bench/peers.js'
import { pythonWith, skipBecause } from '../helpers.js'

interface PeerOutput {
  n: number
  numpy: string | null
  results: Record<string, { seconds?: number[]; total?: number; skipped?: string; error?: string }>
}

const found = pythonWith()

function runPeer(args: string[], env: NodeJS.ProcessEnv = process.env): PeerOutput {
  if (!('python' in found)) throw new Error(found.missing)
  const result = spawnSync(found.python, [peerScript, ...args], { encoding: 'utf8', env, timeout: 30_000 })
  expect(result.status, result.stderr).to.equal(0)
  return JSON.parse(result.stdout) as PeerOutput
}

describe('bench peer script (bench/peers/sum.py)', function () {
  before(function () {
    if ('missing' in found) skipBecause(this, found.missing)
  })

  it('sums 1..n exactly with the course versions, timed inside Python', () => {
    const output = runPeer(['--n', '1001', '--reps', '2', 'for-loop', 'asyncio', 'pool', 'builtin'])
    expect(output.n).to.equal(1001)
    for (const mode of ['for-loop', 'asyncio', 'pool', 'builtin']) {
      expect(output.results[mode]?.total, mode).to.equal(501_501)
      expect(output.results[mode]?.seconds).to.have.length(2)
    }
  })

  it('skips the numpy versions, saying why, when numpy does not import', () => {
    const blocker = mkdtempSync(join(tmpdir(), 'parlab-no-numpy-'))
    try {
      writeFileSync(join(blocker, 'numpy.py'), 'raise ImportError("blocked by the test")\n')
      const output = runPeer(['--n', '100', 'numpy-arange', 'numpy-sum', 'builtin'], {
        ...process.env,
        PYTHONPATH: blocker,
      })
      expect(output.numpy).to.equal(null)
      expect(output.results['numpy-arange']?.skipped).to.include('blocked by the test')
      expect(output.results['numpy-sum']?.skipped).to.include('numpy does not import')
      expect(output.results.builtin?.total).to.equal(5050)
    } finally {
      rmSync(blocker, { recursive: true, force: true })
    }
  })
})
