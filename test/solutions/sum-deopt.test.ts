import { expect } from 'chai'
import { spawnSync } from 'node:child_process'

// V8 on Node 20 compiled one long summing loop on-stack, without feedback for the code after it, and then
// deoptimised it on every call: the reference ran 3.4x slower after a few rounds. Deopt counts are deterministic,
// unlike timings, so they are what this test measures.
const script = `
import { sequentialSum } from './solutions/sum/sequential.ts'
import { concurrentSum } from './solutions/sum/concurrent.ts'
const base = new Float64Array(new SharedArrayBuffer(2_600_000 * 8))
for (let i = 0; i < base.length; i++) base[i] = (i * 7919) % 2_000_001 - 1_000_000
for (let call = 0; call < 40; call++) {
  const offset = (call * 104_729) % 100_000
  const window = base.subarray(offset, offset + 2_400_000 + (call % 7))
  sequentialSum(window)
  await concurrentSum(window)
}
`

describe('the sum reference under V8', () => {
  it('is not deoptimised again and again on windows of varying length', function () {
    this.timeout(60_000)
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--trace-deopt', '--input-type=module', '-e', script],
      {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
    )
    expect(run.status, run.stderr).to.equal(0)
    const deopts = run.stdout
      .split('\n')
      .filter((line) => line.includes('bailout') && /sumRange|sumBlock/.test(line))
    expect(deopts.length, deopts.slice(0, 3).join('\n')).to.be.at.most(3)
  })
})
