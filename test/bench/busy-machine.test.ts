import { expect } from 'chai'
import {
  benchmarkExercise,
  budgetStretch,
  busySampleFactor,
  type BenchSettings,
} from '../../grader/bench/bench.js'
import { echoDefinition, fakeSettings, fakeSide } from './fake-sides.js'

// Issue 17 §1: on a busy machine a quick run stopped at its 10 s budget after 2 rounds, and the reference graded
// against itself lost speed points on a median of two. Load may lengthen a run; it must not shorten its evidence.
// The fake sides report no measurable CPU time (NaN), so the machine's load is unknown: treated as busy.
const run = (settings: BenchSettings, cpuMs: number) =>
  benchmarkExercise({
    exerciseId: 'sum',
    definition: echoDefinition,
    strategies: ['sequential'],
    size: 'tiny',
    seed: 1,
    student: fakeSide('student', { cpuMs }),
    reference: fakeSide('reference', { cpuMs }),
    settings,
    cores: 2,
  })

describe('benchmarkExercise on a busy machine', () => {
  it('stops at minRounds once the intervals are narrow on a quiet machine', async () => {
    expect((await run(fakeSettings, 0)).rounds).to.equal(fakeSettings.minRounds)
  })

  it('measures every round up to maxRounds when the machine is busy (or its load unknown)', async () => {
    const bench = await run({ ...fakeSettings, busyCores: 0.3 }, Number.NaN)
    expect(bench.rounds).to.equal(fakeSettings.maxRounds)
  })

  it('goes past the budget on a busy machine, up to the stretched budget, and says so', async () => {
    const budgetMs = 5
    const started = performance.now()
    const bench = await run({ ...fakeSettings, busyCores: 0.3, maxRounds: 10_000, budgetMs }, Number.NaN)
    expect(performance.now() - started).to.be.at.least(budgetMs * budgetStretch)
    expect(bench.rounds).to.be.below(10_000)
    expect(bench.notes.join('\n')).to.include(`${budgetStretch} times the time budget ran out`)
  })

  it('stops at the budget on a quiet machine once minRounds are done, however wide the intervals', async () => {
    const bench = await run({ ...fakeSettings, maxRelativeWidth: 0, maxRounds: 100_000, budgetMs: 300 }, 0)
    expect(bench.rounds).to.be.at.least(fakeSettings.minRounds).and.below(100_000)
    expect(bench.notes.join('\n')).to.not.include('time budget ran out')
  })

  it('makes samples longer on a machine busy when timing begins', async () => {
    // Each call takes 1 ms of a clock only the fake calls move.
    const timed = (cpuMs: number, busyCores?: number) => {
      let clock = 0
      const side = (origin: 'student' | 'reference') => {
        const fake = fakeSide(origin, { cpuMs })
        return {
          ...fake,
          batch: async (...args: Parameters<typeof fake.batch>) => {
            const reply = await fake.batch(...args)
            clock += args[1].length
            return reply
          },
        }
      }
      return benchmarkExercise({
        exerciseId: 'sum',
        definition: echoDefinition,
        strategies: ['sequential'],
        size: 'tiny',
        seed: 1,
        student: side('student'),
        reference: side('reference'),
        settings: { ...fakeSettings, targetSampleMs: 10, ...(busyCores === undefined ? {} : { busyCores }) },
        cores: 2,
        now: () => clock,
      })
    }
    const quiet = await timed(0)
    const busy = await timed(Number.NaN, 0.3)
    expect(quiet.callsPerSample).to.equal(10)
    expect(busy.callsPerSample).to.equal(10 * busySampleFactor)
    expect(busy.notes.join('\n')).to.include(`samples ${busySampleFactor} times longer`)
  })
})
