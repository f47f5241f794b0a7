import { expect } from 'chai'
import { cpus } from 'node:os'
import { machineBusyMs, machineInfo } from '../../grader/util/machine.js'

const ownCpuMs = (): number => {
  const usage = process.cpuUsage()
  return (usage.user + usage.system) / 1000
}

describe('machine', () => {
  it('counts busy CPU time across the machine: at least what this process burns, at most every core all along', () => {
    // Spinning on this process's own CPU time, not on the clock: on a loaded machine a wall-clock spin may get little
    // of a core, and then the machine is busy with the others instead; either way the work below is known.
    const [busyBefore, ownBefore, wallBefore] = [machineBusyMs(), ownCpuMs(), performance.now()]
    while (ownCpuMs() - ownBefore < 300);
    const burnt = ownCpuMs() - ownBefore
    const busy = machineBusyMs() - busyBefore
    const wall = performance.now() - wallBefore
    // /proc/stat samples each core at clock ticks (10 ms): a little slack either way.
    expect(busy, `burnt ${burnt} ms`).to.be.at.least(burnt * 0.75)
    expect(busy, `over ${wall} ms on ${cpus().length} cores`).to.be.at.most((wall + 20) * cpus().length)
  })

  it('describes the machine for reports', () => {
    const info = machineInfo()
    expect(info.cores).to.be.at.least(1)
    expect(info.node).to.equal(process.version)
    expect(info.loadAverage).to.have.length(3)
  })
})
