import { expect } from 'chai'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { childIsUnprivileged, noBubblewrap, skipBecause } from '../helpers.js'
import { runGrade, testNamed } from './run-grade.js'

describe('the sandbox', function () {
  this.timeout(120_000)

  it('survives a child that kills its parent, inside bubblewrap', function () {
    if (noBubblewrap) skipBecause(this, noBubblewrap)
    const run = runGrade([
      '--submission',
      'test/fixtures/submissions/kills-parent',
      '--only',
      'sum',
      '--no-bench',
    ])
    expect(run.status, run.stderr).to.equal(0)
    const sandbox = run.results!.extra_data.sandbox as {
      mode: string
      guarantees: string[]
      dropped: string[]
    }
    expect(sandbox).to.include({ mode: 'bwrap' })
    if (childIsUnprivileged) {
      expect(sandbox.dropped).to.deep.equal([])
      expect(sandbox.guarantees.join(' ')).to.include('an unprivileged user of the host (nobody)')
    } else expect(sandbox.dropped.join(' ')).to.include('nobody (uid 65534) cannot run')
    // Inside bubblewrap its parent is the namespace's init, which ignores the signal: the call just goes on.
    const test = testNamed(run, 'sum › sequential › one value')
    expect(test.status).to.equal('failed')
    expect(test.output).to.include('expected 42, received 1')
    expect(testNamed(run, 'sum › parallel › one value').output).to.include('missing')
  })

  it('says in the report which guarantees dropped with --sandbox none', function () {
    const run = runGrade(['--demo', '--only', 'sum', '--no-bench', '--sandbox', 'none'])
    expect(run.status, run.stderr).to.equal(0)
    const sandbox = run.results!.extra_data.sandbox as { mode: string; dropped: string[] }
    expect(sandbox.mode).to.equal('permission-model')
    expect(sandbox.dropped.join(' ')).to.include('seat belt, not a wall')
    expect(sandbox.dropped.join(' ')).to.include('open network connections')
  })

  it('refuses --sandbox bwrap where bubblewrap is missing, and names the fix', function () {
    const run = runGrade(['--demo', '--only', 'sum', '--no-bench', '--sandbox', 'bwrap'], {
      PATH: mkdtempSync(join(tmpdir(), 'parlab-nobwrap-')),
    })
    expect(run.status).to.equal(1)
    expect(run.stderr.trim().split('\n')).to.have.length(1)
    expect(run.stderr).to.include('bwrap is not installed').and.include('--sandbox auto')
  })
})
