import { expect } from 'chai'
import { benchmarkExercise, type BenchSettings } from '../../grader/bench/bench.js'
import type { BenchDefinition } from '../../grader/exercises/definition.js'
import type { ArgSpec, BenchSide, Origin } from '../../grader/types.js'

// A student's first run, on the untouched stubs: every strategy throws, so nothing can be compared; the reference
// used to be timed alone for the whole budget (40 s of a first `--only sum`).
const definition: BenchDefinition = {
  itemLabel: 'values',
  itemsPerCall: () => 1,
  newRound: () => ({
    prepare: { name: 'fake', params: {} },
    sample: (_index, calls) => Array.from({ length: calls }, (): ArgSpec[] => [{ kind: 'value', value: 1 }]),
    verify: (_index, _call, value) => (value === 1 ? undefined : `expected 1, received ${String(value)}`),
  }),
}

function side(origin: Origin, calls: string[]): BenchSide {
  return {
    origin,
    unavailable: () => undefined,
    start: () => Promise.resolve(),
    prepare: () => Promise.resolve(undefined),
    batch(entry, args) {
      calls.push(`${origin} ${entry}`)
      return Promise.resolve(
        origin === 'student'
          ? { failure: 'threw Error: not implemented yet' }
          : { values: args.map(() => 1) },
      )
    },
    alive: () => true,
    pause: () => undefined,
    resume: () => undefined,
    cpuMs: () => 0,
    scratchDir: () => '/nonexistent',
    close: () => Promise.resolve(),
  }
}

const settings: BenchSettings = {
  minRounds: 4,
  maxRounds: 8,
  samplesPerRound: 3,
  targetSampleMs: 1,
  budgetMs: 60_000,
  timeoutFactor: 20,
  minTimeoutMs: 1000,
  maxRelativeWidth: 100,
  confidence: 0.95,
  resamples: 200,
}

describe('benchmarkExercise with nothing of the submission to time', () => {
  it('times no rounds once every student strategy failed its warm-up, and says why the reference was not timed', async () => {
    const calls: string[] = []
    const bench = await benchmarkExercise({
      exerciseId: 'sum',
      definition,
      strategies: ['sequential', 'parallel'],
      size: 'tiny',
      seed: 1,
      student: side('student', calls),
      reference: side('reference', calls),
      settings,
      cores: 2,
    })
    expect(bench.rounds).to.equal(0)
    // Warm-up only: two samples of one call for each of the reference's two strategies.
    expect(calls.filter((c) => c.startsWith('reference')).length).to.equal(4)
    const reference = bench.timings.filter((t) => t.origin === 'reference')
    expect(reference.map((t) => t.state)).to.deep.equal(['skipped', 'skipped'])
    expect(reference[0]).to.include({ reason: 'not timed: no strategy of the submission could be timed' })
    const student = bench.timings.filter((t) => t.origin === 'student')
    expect(student.map((t) => t.state)).to.deep.equal(['failed', 'failed'])
  })
})
