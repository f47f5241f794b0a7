import { expect } from 'chai'
import { runKey, type BatchOptions } from '../../grader/batch/batch.js'
import { regradeCommand } from '../../grader/pipeline.js'

const options: BatchOptions = {
  exercises: ['access-logs'],
  size: 'small',
  quick: false,
  bench: true,
  seed: 7,
  dataSeed: 7,
  sandbox: 'auto',
  outDir: 'reports/class',
  submissionDir: 'exercises',
  demo: false,
  data: {},
  submissionsDir: 'class',
  jobs: 2,
  force: false,
}

describe('real data given with --data', () => {
  it('is part of what a stored grade must match, so a rerun on other data regrades', () => {
    const real = { ...options, data: { 'access-logs': '/logs/zanbil.log' } }
    expect(runKey(real)).to.not.equal(runKey(options))
    expect(runKey({ ...real })).to.equal(runKey(real))
  })

  it('is in the command that regrades a submission', () => {
    const real = { ...options, data: { 'access-logs': '/logs/zanbil access.log' } }
    expect(regradeCommand(real, ['--submission', 'ana'])).to.include(
      "--data 'access-logs=/logs/zanbil access.log'",
    )
    expect(regradeCommand(options, ['--submission', 'ana'])).to.not.include('--data')
  })
})
