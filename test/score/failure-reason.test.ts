import { expect } from 'chai'
import { loadGradingConfig } from '../../grader/config.js'
import { sumDefinition } from '../../grader/exercises/sum/definition.js'
import { speedChecks } from '../../grader/score/speed-checks.js'
import type { ExerciseBench, StrategyTiming } from '../../grader/types.js'

describe('a speed check whose strategy failed during the benchmark', () => {
  it('quotes the reason at a bounded length, however much of a returned value it holds', () => {
    // e.g. a verify() message that quotes what the student's code returned: 5 MB of it.
    const reason = `returned a wrong result during the benchmark: received ${'x'.repeat(5_000_000)}`
    const timings = (['sequential', 'parallel', 'concurrent'] as const).flatMap(
      (strategy): StrategyTiming[] => [
        { strategy, origin: 'student', state: 'failed', reason },
        { strategy, origin: 'reference', state: 'skipped', reason: 'not run' },
      ],
    )
    const bench = {
      timings,
      ratioToReference: {},
      speedupRatio: {},
      cores: 2,
      notes: [],
    } as unknown as ExerciseBench
    const checks = speedChecks(bench, sumDefinition.manifest, loadGradingConfig().speed)
    expect(checks).to.have.length(4) // three against the reference, one speed-up
    for (const check of checks) {
      expect(check.status).to.equal('failed')
      expect(check.message).to.include('returned a wrong result during the benchmark')
      expect(check.message!.length).to.be.below(2_200)
    }
  })
})
