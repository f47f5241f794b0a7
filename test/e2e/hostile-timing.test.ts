import { expect } from 'chai'
import { runGrade } from './run-grade.js'

describe('timed inputs that cannot be precomputed', function () {
  this.timeout(240_000)

  it('give no speed points to a sum that answers timed calls from a table of prefix sums built before them', function () {
    const run = runGrade([
      '--submission',
      'test/fixtures/submissions/hostile-prefix-sum',
      '--only',
      'sum',
      '--quick',
    ])
    expect(run.status, run.stderr).to.equal(0)
    const tests = run.results!.tests
    // Right on every check (fresh buffers), so only the benchmark can tell.
    expect(tests.filter((t) => t.tags.includes('correctness') && t.status === 'failed')).to.deep.equal([])
    for (const [strategy, count] of [
      ['parallel', 2], // against the reference, and speed-up over sequential
      ['concurrent', 1],
    ] as const) {
      const speed = tests.filter((t) => t.name.startsWith(`sum › ${strategy} › speed`))
      expect(speed, strategy).to.have.length(count)
      for (const test of speed) {
        expect(test.score, test.name).to.equal(0)
        expect(test.output).to.include('returned a wrong result during the benchmark')
      }
    }
  })
})
