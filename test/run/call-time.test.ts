import { expect } from 'chai'
import { loadGradingConfig } from '../../grader/config.js'
import { gradeSubmission } from '../../grader/pipeline.js'
import { submissionWith, sumOnlyOptions } from '../helpers.js'

// The module waits this long as it loads; each call answers at once. A call's time that held the loading would be at
// least this (a timer never fires early); the calls' own take a fraction of a millisecond, so only a machine that
// stalls a trivial call for seconds could bring them near it.
const loadMs = 4000

describe("a check's call time", function () {
  this.timeout(120_000)

  it("is the call's own, not the module's loading (the batch scales its time limits from it)", async () => {
    const dir = submissionWith(
      {
        'sum/sequential.ts': `await new Promise((resolve) => setTimeout(resolve, ${loadMs}))
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
    expect(checks).to.have.length(8)
    for (const check of checks) expect(check.durationMs, check.name).to.be.below(loadMs)
  })
})
