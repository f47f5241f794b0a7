import { expect } from 'chai'
import { resolve } from 'node:path'
import { loadGradingConfig } from '../../grader/config.js'
import { gradeSubmission } from '../../grader/pipeline.js'
import { sumOnlyOptions } from '../helpers.js'

const options = sumOnlyOptions(resolve('test/fixtures/submissions/memory-hog'))

describe("the memory watchdog's limit", function () {
  this.timeout(120_000)

  it('comes from the grading config, per exercise', async () => {
    const shipped = loadGradingConfig()
    const config = { ...shipped, limits: { ...shipped.limits, memoryMb: { sum: 400 } } }
    const grade = await gradeSubmission(options, config)
    const check = grade.exercises[0]!.checks.find((c) => c.strategy === 'sequential')!
    expect(check.status).to.equal('failed')
    expect(check.message).to.match(
      /ran out of memory: the process tree used \d+ MB, above the limit of 400 MB/,
    )
  })
})
