import { expect } from 'chai'
import { benchmarkExercise } from '../../grader/bench/bench.js'
import type { BenchSide, Origin } from '../../grader/types.js'
import { echoDefinition, fakeSettings, fakeSide } from './fake-sides.js'

// Issue 17 §1 (A/A): the student's speed-up was over the faster of the two sequential times of each round, the
// reference's over its own. Graded against itself on a noisy machine, the reference then lost speed-up points: the
// minimum of two noisy times is below either one. Here the two sequential strategies take 8 and 16 ms in turn, the
// parallel ones 4 ms each: the same code, only noise between them.
describe('benchmarkExercise: the speed-up baseline', () => {
  it('judges both sides over the same sequential time of each round, so equal parallel strategies are equal', async () => {
    // A clock only the fake calls move: the timings are exact, whatever else this machine is doing.
    let clock = 0
    const side = (origin: Origin): BenchSide => {
      const fake = fakeSide(origin)
      let round = 0
      return {
        ...fake,
        prepare: (...args) => {
          round++
          return fake.prepare(...args)
        },
        async batch(entry, calls, timeoutMs) {
          const slowSequential = (round % 2 === 0) === (origin === 'student')
          const ms = entry === 'parallel' ? 4 : slowSequential ? 16 : 8
          const reply = await fake.batch(entry, calls, timeoutMs)
          clock += ms * calls.length
          return reply
        },
      }
    }
    const bench = await benchmarkExercise({
      exerciseId: 'sum',
      definition: echoDefinition,
      strategies: ['sequential', 'parallel'],
      size: 'tiny',
      seed: 5,
      student: side('student'),
      reference: side('reference'),
      settings: { ...fakeSettings, minRounds: 6, maxRounds: 6 },
      cores: 2,
      now: () => clock,
    })
    const speedup = (origin: Origin): number =>
      bench.timings.find((t) => t.origin === origin && t.strategy === 'parallel')!.speedup!.median
    expect(speedup('student')).to.equal(speedup('reference'))
    // Before, the reference's speed-up was over its own 8 or 16 ms, the student's always over 8 ms: a ratio of ¾.
    expect(bench.speedupRatio.parallel!.median).to.equal(1)
  })
})
