import { expect } from 'chai'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadGradingConfig } from '../../grader/config.js'
import { gradeSubmission } from '../../grader/pipeline.js'
import { sumOnlyOptions } from '../helpers.js'

// piscina's workers load their file with require() first; Node 20's require() of an ES module aborts the process now
// and then while a pool is replaced. In the sandbox it must fail cleanly, so that piscina falls back to import().
describe('in the sandboxed child, require() of an ES module', function () {
  this.timeout(120_000)

  it('throws ERR_REQUIRE_ESM instead of loading it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parlab-require-esm-'))
    mkdirSync(join(dir, 'sum'))
    writeFileSync(join(dir, 'sum', 'helper.ts'), 'export const one = 1\n')
    writeFileSync(
      join(dir, 'sum', 'sequential.ts'),
      `import { createRequire } from 'node:module'
export function sequentialSum(values: Float64Array): number {
  try {
    createRequire(import.meta.url)('./helper.js')
  } catch (error) {
    throw new Error('require: ' + String((error as { code?: string }).code) + ' ' + values.length)
  }
  throw new Error('require: loaded')
}
`,
    )
    const grade = await gradeSubmission(sumOnlyOptions(dir), loadGradingConfig())
    const check = grade.exercises[0]!.checks.find(
      (c) => c.strategy === 'sequential' && c.checkId === 'one-value',
    )!
    expect(check.message).to.include('require: ERR_REQUIRE_ESM')
  })
})
