import { expect } from 'chai'
import { missingMeasures } from '../../grader/platform/capabilities.js'
import { coresBusyMs, machineBusyMs, procStatBusyMs } from '../../grader/platform/machine-busy.js'

describe('what a machine cannot measure', () => {
  it('is nothing on a Linux with /proc, and the measures are there', () => {
    expect(missingMeasures({ listing: { kind: 'proc' }, pause: true, machineBusy: true })).to.deep.equal([])
    // /proc/stat where it can be read (steal included); the two reads may straddle a clock tick or two.
    expect(machineBusyMs()).to.be.closeTo(procStatBusyMs(), 100)
    expect(coresBusyMs()).to.be.greaterThan(0)
  })

  it('says which guarantee or figure is missing, one line each', () => {
    const none = missingMeasures({
      listing: { kind: 'none', problem: 'ps could not run (spawnSync ps ENOENT)' },
      pause: true,
      machineBusy: true,
    })
    expect(none).to.have.length(2)
    expect(none[0]).to.match(
      /^memory limit not enforced: the grader cannot list processes here \(ps could not run \(spawnSync ps ENOENT\)\)/,
    )
    expect(none[1]).to.match(
      /^CPU time of the child's tree not measured: the grader cannot list processes here/,
    )
    const procps = missingMeasures({
      listing: { kind: 'ps', wholeSeconds: true },
      pause: true,
      machineBusy: true,
    })
    expect(procps).to.deep.equal([
      "CPU time of the child's tree not measured: this system's ps gives CPU time in whole seconds only; the report shows no CPU time per wall time, and the load of other work on the machine is not measured",
    ])
    expect(
      missingMeasures({ listing: { kind: 'ps', wholeSeconds: false }, pause: true, machineBusy: true }),
    ).to.deep.equal([])
    expect(missingMeasures({ listing: { kind: 'proc' }, pause: true, machineBusy: false })).to.deep.equal([
      "the machine's load from other work not measured: neither /proc/stat nor the cores' counters (os.cpus()) can be read here, so a busy machine is not noted beside the speed checks",
    ])
    const windows = missingMeasures({ listing: { kind: 'cim' }, pause: false, machineBusy: true })
    expect(windows).to.have.length(2)
    expect(windows[0]).to.match(
      /^CPU time of the child's tree not measured: Windows lists processes through PowerShell/,
    )
    expect(windows[1]).to.match(/^the idle side was not paused while the other side ran: /)
  })
})
