import { expect } from 'chai'
import { benchmarkExercise } from '../../grader/bench/bench.js'
import { echoDefinition, fakeSettings, fakeSide } from './fake-sides.js'

// A student's first run, on the untouched stubs: every strategy throws, so nothing can be compared; the reference
// used to be timed alone for the whole budget (40 s of a first `--only sum`).
describe('benchmarkExercise with nothing of the submission to time', () => {
  it('times no rounds once every student strategy failed its warm-up, and says why the reference was not timed', async () => {
    const calls: string[] = []
    const bench = await benchmarkExercise({
      exerciseId: 'sum',
      definition: echoDefinition,
      strategies: ['sequential', 'parallel'],
      size: 'tiny',
      seed: 1,
      student: fakeSide('student', { calls, failure: 'threw Error: not implemented yet' }),
      reference: fakeSide('reference', { calls }),
      settings: fakeSettings,
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
