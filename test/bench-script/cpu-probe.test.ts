import { expect } from 'chai'
import cpuProbe from '../../bench/cpu-probe.worker.js'

describe('bench CPU probe task', () => {
  it('is deterministic and depends on its seed and length (so it cannot be skipped or cached)', () => {
    const task = { seed: 1, iterations: 50_000 }
    expect(cpuProbe(task)).to.equal(cpuProbe({ ...task }))
    expect(cpuProbe(task)).to.not.equal(cpuProbe({ seed: 2, iterations: 50_000 }))
    expect(cpuProbe(task)).to.not.equal(cpuProbe({ seed: 1, iterations: 50_001 }))
    expect(cpuProbe({ seed: 3, iterations: 0 })).to.equal(3)
    expect(cpuProbe(task)).to.be.within(0, 2 ** 32 - 1)
  })
})
