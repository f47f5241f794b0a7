// A batch with benchmarks on checks every student first, then benchmarks them one at a time: a crash in that second
// stage must be reported for the student and the strategy that caused it, and no one else.
import { expect } from 'chai'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gradeClass, type BatchResult } from '../../grader/batch/batch.js'
import { loadGradingConfig } from '../../grader/config.js'
import type { StrategyTiming } from '../../grader/types.js'
import type { GradeTest } from '../e2e/run-grade.js'
import { sumOnlyOptions } from '../helpers.js'

interface Results {
  tests: GradeTest[]
  extra_data: { benchmarks: { exerciseId: string; timings: StrategyTiming[] }[] }
}

describe('a batch with benchmarks on, when a student crashes in the benchmark stage', function () {
  this.timeout(300_000)
  const classDir = mkdtempSync(join(tmpdir(), 'parlab-guard-bench-class-'))
  const out = mkdtempSync(join(tmpdir(), 'parlab-guard-bench-out-'))
  let result: BatchResult

  const resultsOf = (student: string): Results =>
    JSON.parse(readFileSync(join(out, 'students', student, 'results.json'), 'utf8')) as Results
  const studentTimings = (student: string): Record<string, StrategyTiming> =>
    Object.fromEntries(
      resultsOf(student)
        .extra_data.benchmarks.flatMap((bench) => bench.timings)
        .filter((timing) => timing.origin === 'student')
        .map((timing) => [timing.strategy, timing]),
    )
  const rowOf = (student: string) => result.run.students.find((row) => row.student === student)!

  before(async () => {
    // ana: the references.
    cpSync('solutions/sum', join(classDir, 'ana', 'sum'), { recursive: true })
    // hal: the references, except that parallelSum ends its process on the benchmark's inputs (about 4 M values with
    // --quick): the checks' inputs hold at most 1,000,003 values, or exactly 10 M, so every check passes.
    cpSync('solutions/sum', join(classDir, 'hal', 'sum'), { recursive: true })
    const reference = readFileSync('solutions/sum/parallel.ts', 'utf8')
    const guard = 'if (values.length === 0) return 0'
    expect(reference).to.include(guard)
    writeFileSync(
      join(classDir, 'hal', 'sum', 'parallel.ts'),
      reference.replace(
        guard,
        `if (values.length > 2_000_000 && values.length < 10_000_000) process.exit(3)\n  ${guard}`,
      ),
    )
    // kim: the references, but her folder is gone by the time her benchmark starts, so the grader cannot finish her.
    cpSync('solutions/sum', join(classDir, 'kim', 'sum'), { recursive: true })
    // zed: no exercise folder. With one lane, his unreadable row comes after everyone else's checks and before any
    // benchmark: that is when kim's folder is removed.
    mkdirSync(join(classDir, 'zed'))
    result = await gradeClass(
      {
        ...sumOnlyOptions('exercises'),
        bench: true,
        outDir: out,
        submissionsDir: classDir,
        jobs: 1,
        force: false,
      },
      loadGradingConfig(),
      {
        onStudent: (row) => {
          if (row.student === 'zed') rmSync(join(classDir, 'kim'), { recursive: true, force: true })
        },
      },
    )
  })

  it('charges a crash of the child to the strategy that crashed: the student keeps the others, and is graded', () => {
    expect(rowOf('hal').status).to.equal('graded')
    const hal = resultsOf('hal')
    // The crash happened in the benchmark only: the parallel checks passed.
    const parallelChecks = hal.tests.filter(
      (t) => t.tags.includes('parallel') && t.tags.includes('correctness'),
    )
    expect(parallelChecks).to.have.length.above(0)
    expect(parallelChecks.filter((t) => t.status !== 'passed').map((t) => t.name)).to.deep.equal([])
    const timings = studentTimings('hal')
    expect(timings['parallel']?.state).to.equal('failed')
    expect(timings['parallel']?.reason).to.match(/exit code 3/)
    // Its sequential and concurrent strategies, warmed up and timed in the same child before and after the crash,
    // were timed: not blamed for the parallel strategy's crash.
    for (const strategy of ['sequential', 'concurrent']) {
      expect(timings[strategy]?.state, `${strategy}: ${timings[strategy]?.reason}`).to.equal('completed')
    }
    const speed = hal.tests.filter((t) => t.tags.includes('speed'))
    for (const test of speed) {
      if (test.tags.includes('parallel')) expect(test.output, test.name).to.match(/not timed: .*exit code 3/)
      else expect(test.output, test.name).to.not.include('not timed')
    }
  })

  it('reports a student whose benchmark the grader could not finish as crashed, and only that student', () => {
    expect(result.run.students.map((row) => [row.student, row.status])).to.deep.equal([
      ['ana', 'graded'],
      ['hal', 'graded'],
      ['kim', 'crashed'],
      ['zed', 'unreadable'],
    ])
    expect(rowOf('kim').reason).to.match(/^the benchmark could not finish: /)
    expect(rowOf('kim').score).to.equal(0)
    expect(existsSync(join(out, 'students', 'kim', 'results.json'))).to.equal(false)
    // ana, benchmarked before both, was timed in full.
    const timings = studentTimings('ana')
    expect(Object.keys(timings).sort()).to.deep.equal(['concurrent', 'parallel', 'sequential'])
    for (const [strategy, timing] of Object.entries(timings)) {
      expect(timing.state, `${strategy}: ${timing.reason}`).to.equal('completed')
    }
  })
})
