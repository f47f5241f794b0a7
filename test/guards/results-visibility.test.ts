// Hidden checks (visibility "after_published" in the grader's manifest) stay hidden all the way to Gradescope: in the
// results.json the grader writes, and in the one gradescope/results.js hands on.
import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadGradingConfig } from '../../grader/config.js'
import { definitionOf } from '../../grader/exercises/index.js'
import { checkSubmission } from '../../grader/pipeline.js'
import { writeSubmissionReports } from '../../grader/report/write.js'
import type { GradeTest } from '../e2e/run-grade.js'
import { sumOnlyOptions } from '../helpers.js'

interface Results {
  tests: GradeTest[]
}

describe('results.json, for hidden checks', function () {
  this.timeout(240_000)
  let graderResults: string
  let written: Results

  before(async () => {
    // The untouched stubs, graded as a submission (--only sum --no-bench --quick).
    const grade = await checkSubmission(sumOnlyOptions('exercises'), loadGradingConfig())
    const out = mkdtempSync(join(tmpdir(), 'parlab-guard-visibility-'))
    graderResults = (await writeSubmissionReports(grade, out)).results
    written = JSON.parse(readFileSync(graderResults, 'utf8')) as Results
  })

  it("gives every check the visibility of the grader's manifest: after_published for the hidden ones", () => {
    const { manifest } = definitionOf('sum')
    const expected = new Map<string, string>()
    for (const check of manifest.checks) {
      const entries = check.entries === 'all' ? ['all'] : check.entries
      for (const entry of entries) expected.set(`sum › ${entry} › ${check.name}`, check.visibility)
    }
    expect([...expected.values()]).to.include('after_published')
    const found = new Map(
      written.tests.filter((t) => expected.has(t.name)).map((t) => [t.name, t.visibility] as const),
    )
    expect(Object.fromEntries(found)).to.deep.equal(Object.fromEntries(expected))
    // Everything else (the quiz) is public.
    const others = written.tests.filter((t) => !expected.has(t.name))
    expect(others).to.have.length.above(0)
    for (const test of others) expect(test.visibility, test.name).to.equal('visible')
  })

  it('keeps them hidden in the results.json that gradescope/results.js writes for Gradescope', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'parlab-guard-visibility-gs-')), 'results.json')
    const run = spawnSync(
      process.execPath,
      ['gradescope/results.js', 'finish', '--grader', graderResults, '--out', out],
      {
        encoding: 'utf8',
      },
    )
    expect(run.status, run.stderr).to.equal(0)
    const handedOn = JSON.parse(readFileSync(out, 'utf8')) as Results
    const visibility = (results: Results): [string, string][] =>
      results.tests.map((t) => [t.name, t.visibility])
    expect(visibility(handedOn)).to.deep.equal(visibility(written))
    expect(handedOn.tests.filter((t) => t.visibility === 'after_published')).to.have.length.above(0)
  })
})
