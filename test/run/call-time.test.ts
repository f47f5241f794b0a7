import { expect } from 'chai'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadGradingConfig } from '../../grader/config.js'
import { gradeSubmission } from '../../grader/pipeline.js'
import { sumOnlyOptions } from '../helpers.js'

describe("a check's call time", function () {
  this.timeout(120_000)

  it("is the call's own, not the module's loading (the batch scales its time limits from it)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parlab-slow-load-'))
    mkdirSync(join(dir, 'sum'))
    writeFileSync(
      join(dir, 'sum', 'sequential.ts'),
      `await new Promise((resolve) => setTimeout(resolve, 1500))
export function sequentialSum(values: Float64Array): number {
  return values.length === 1 ? values[0]! : 0
}
`,
    )
    const grade = await gradeSubmission(sumOnlyOptions(dir), loadGradingConfig())
    const checks = grade.exercises[0]!.checks.filter(
      (c) => c.strategy === 'sequential' && c.durationMs !== undefined,
    )
    expect(checks).to.not.have.length(0)
    for (const check of checks) expect(check.durationMs, check.name).to.be.below(1500)
  })
})
