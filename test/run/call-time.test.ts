import { expect } from 'chai'
import { loadGradingConfig } from '../../grader/config.js'
import { gradeSubmission } from '../../grader/pipeline.js'
import { submissionWith, sumOnlyOptions } from '../helpers.js'

describe("a check's call time", function () {
  this.timeout(120_000)

  it("is the call's own, not the module's loading (the batch scales its time limits from it)", async () => {
    const dir = submissionWith(
      {
        'sum/sequential.ts': `await new Promise((resolve) => setTimeout(resolve, 1500))
export function sequentialSum(values: Float64Array): number {
  return values.length === 1 ? values[0]! : 0
}
`,
      },
      'parlab-slow-load-',
    )
    const grade = await gradeSubmission(sumOnlyOptions(dir), loadGradingConfig())
    const checks = grade.exercises[0]!.checks.filter(
      (c) => c.strategy === 'sequential' && c.durationMs !== undefined,
    )
    expect(checks).to.not.have.length(0)
    for (const check of checks) expect(check.durationMs, check.name).to.be.below(1500)
  })
})
