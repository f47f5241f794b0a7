import { expect } from 'chai'
import { loadGradingConfig } from '../../grader/config.js'
import { gradeSubmission } from '../../grader/pipeline.js'
import { submissionWith, sumOnlyOptions } from '../helpers.js'

describe("one strategy's failure", function () {
  this.timeout(120_000)

  it('costs no other strategy a check (a call right after a timeout gets a new process, not the dying one)', async () => {
    const dir = submissionWith(
      {
        'sum/sequential.ts': `export function sequentialSum(values: Float64Array): number {
  let sum = 0
  for (let i = 0; i < values.length; i++) sum += values[i]!
  return sum
}
`,
        'sum/concurrent.ts': `export function concurrentSum(values: Float64Array): Promise<number> {
  return new Promise(() => values.length)
}
`,
      },
      'parlab-never-settles-',
    )
    const grade = await gradeSubmission(sumOnlyOptions(dir), loadGradingConfig())
    const checks = grade.exercises[0]!.checks
    const sequential = checks.filter((c) => c.strategy === 'sequential')
    expect(sequential).to.have.length(8)
    for (const check of sequential) expect(check.status, `${check.name}: ${check.message}`).to.equal('passed')
    expect(
      checks.some((c) => c.strategy === 'concurrent' && /did not finish within/.test(c.message ?? '')),
    ).to.equal(true)
  })
})
