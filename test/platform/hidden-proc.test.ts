import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { resolve } from 'node:path'

// What the grader's own process finds where /proc and /dev/shm cannot be read (the preload hides them, as on macOS).
const probe = `
import { checksTmpDir } from './grader/run/temp-space.ts'
import { listingSource } from './grader/platform/process-source.ts'
import { machineBusyMs, procStatBusyMs } from './grader/platform/machine-busy.ts'
console.log(JSON.stringify({ tmp: checksTmpDir(), listing: listingSource(), busy: machineBusyMs(), procStat: procStatBusyMs() }))
`

describe('the grader without /proc and /dev/shm', function () {
  this.timeout(60_000)

  it("puts the checks' workspaces in the temporary folder, lists processes with ps and reads busy time from os.cpus()", () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], {
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: `--require ${resolve('test/fixtures/preload/hide-proc.cjs')}` },
    })
    expect(run.status, run.stderr).to.equal(0)
    const found = JSON.parse(run.stdout) as {
      tmp: string
      listing: unknown
      busy: number
      procStat: number | null
    }
    expect(found.tmp).to.equal(tmpdir())
    // procps' ps: whole seconds.
    expect(found.listing).to.deep.equal({ kind: 'ps', wholeSeconds: true })
    expect(found.procStat).to.equal(null) // NaN in JSON
    expect(found.busy).to.be.greaterThan(0)
  })
})
