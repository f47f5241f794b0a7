import { expect } from 'chai'
import { resolve } from 'node:path'
import { loadGradingConfig } from '../../grader/config.js'
import { gradeSubmission } from '../../grader/pipeline.js'
import { checksTmpDir, inMemory } from '../../grader/run/temp-space.js'
import type { CheckResult } from '../../grader/types.js'
import { skipBecause, submissionWith, sumOnlyOptions } from '../helpers.js'

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

/** The sequential strategy's check on 1..10,000,000 of a submission graded with this memory limit. */
async function tenMillionCheck(dir: string, memoryMb: number): Promise<CheckResult> {
  const shipped = loadGradingConfig()
  const config = { ...shipped, limits: { ...shipped.limits, memoryMb: { sum: memoryMb } } }
  const grade = await gradeSubmission(sumOnlyOptions(dir), config)
  return grade.exercises[0]!.checks.find(
    (c) => c.strategy === 'sequential' && c.name.startsWith('1..10,000,000'),
  )!
}

describe('a call still filling memory when its time is up', function () {
  this.timeout(120_000)

  it('is stopped for memory, not for time, whatever the load', async () => {
    // 40 MB a second, paced by the clock: past the 5 s time limit at about 250 MB, at the 300 MB limit after ~6 s.
    const dir = submissionWith(
      {
        'sum/sequential.ts': `export async function sequentialSum(values: Float64Array): Promise<number> {
  if (values.length !== 10_000_000) return -1
  const hoard: Buffer[] = []
  for (;;) {
    hoard.push(Buffer.alloc(40 * 1024 * 1024, 1))
    await new Promise((resolve) => setTimeout(resolve, 1000))
  }
}
`,
      },
      'parlab-slow-filler-',
    )
    const check = await tenMillionCheck(dir, 300)
    expect(check.message).to.match(
      /ran out of memory: the process tree used \d+ MB, above the limit of 300 MB/,
    )
  })
})

describe('a call that holds half its memory limit, taken during the call, when its stretched time is up', function () {
  this.timeout(120_000)

  it('is reported for its memory, not as an endless loop', async () => {
    const dir = submissionWith({
      'sum/sequential.ts': `export async function sequentialSum(values: Float64Array): Promise<number> {
  if (values.length !== 10_000_000) return -1
  const hoard = Array.from({ length: 4 }, () => Buffer.alloc(40 * 1024 * 1024, 1))
  await new Promise((resolve) => setTimeout(resolve, 60_000))
  return hoard.length
}
`,
    })
    const check = await tenMillionCheck(dir, 300)
    expect(check.message).to.match(
      /ran out of memory, or nearly: the process tree held \d+ MB of its 300 MB limit/,
    )
  })
})

describe('files written to a scratch folder in memory', function () {
  this.timeout(120_000)

  it('count towards the memory limit, so that a student cannot fill the machine’s RAM with them', async function () {
    if (!inMemory(checksTmpDir()))
      skipBecause(this, `the checks' scratch folders are not in memory here (${checksTmpDir()} is not tmpfs)`)
    const dir = submissionWith(
      {
        'sum/sequential.ts': `import { writeFileSync } from 'node:fs'
export async function sequentialSum(values: Float64Array): Promise<number> {
  const block = Buffer.alloc(8 * 1024 * 1024, 1)
  for (let i = 0; i < 150; i++) {
    writeFileSync('filler-' + i + '.bin', block)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error('wrote 1.2 GB unhindered ' + values.length)
}
`,
      },
      'parlab-scratch-filler-',
    )
    const shipped = loadGradingConfig()
    const config = { ...shipped, limits: { ...shipped.limits, memoryMb: { sum: 300 } } }
    const grade = await gradeSubmission(sumOnlyOptions(dir), config)
    const check = grade.exercises[0]!.checks.find((c) => c.strategy === 'sequential')!
    expect(check.message).to.match(
      /ran out of memory: the process tree used \d+ MB \(\d+ MB of it files written to its scratch folder, which is in memory\), above the limit of 300 MB/,
    )
  })
})
