import { expect } from 'chai'
import { machineBusyMs, machineInfo } from '../../grader/util/machine.js'

describe('machine', () => {
  it('counts busy CPU time across the machine, which grows by at least what this process burns', () => {
    const before = machineBusyMs()
    const start = Date.now()
    while (Date.now() - start < 300);
    expect(machineBusyMs() - before).to.be.at.least(200)
  })

  it('describes the machine for reports', () => {
    const info = machineInfo()
    expect(info.cores).to.be.at.least(1)
    expect(info.node).to.equal(process.version)
    expect(info.loadAverage).to.have.length(3)
  })
})
