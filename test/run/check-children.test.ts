import { expect } from 'chai'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadGradingConfig } from '../../grader/config.js'
import { gradeSubmission } from '../../grader/pipeline.js'
import { sumOnlyOptions } from '../helpers.js'

// Correctness calls are short: their children run V8 without background threads, which costs less CPU per student.
describe('the sandboxed child of the correctness checks', function () {
  this.timeout(120_000)

  it('runs V8 single-threaded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parlab-check-child-'))
    mkdirSync(join(dir, 'sum'))
    writeFileSync(
      join(dir, 'sum', 'sequential.ts'),
      `export function sequentialSum(values: Float64Array): number {
  throw new Error('flags: ' + process.execArgv.filter((flag) => flag.startsWith('--single')).join(' ') + ' ' + values.length)
}
`,
    )
    const grade = await gradeSubmission(sumOnlyOptions(dir), loadGradingConfig())
    const check = grade.exercises[0]!.checks.find(
      (c) => c.strategy === 'sequential' && c.checkId === 'one-value',
    )!
    expect(check.message).to.include('flags: --single-threaded 1')
  })
})
