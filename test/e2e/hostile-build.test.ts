import { expect } from 'chai'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gradeClass } from '../../grader/batch/batch.js'
import { loadGradingConfig } from '../../grader/config.js'
import { writeClassReports } from '../../grader/report/write-class.js'
import { sumOnlyOptions } from '../helpers.js'
import { explodingTypes } from '../check/exploding-types.js'

interface Results {
  score: number
  tests: { name: string; status: string; output: string }[]
  extra_data: { typeWarnings: string[] }
}

const results = (out: string, id: string): Results =>
  JSON.parse(readFileSync(join(out, 'students', id, 'results.json'), 'utf8')) as Results

/**
 * Build steps run on student input (issue 13): a file that crashes esbuild and types that explode the checker are
 * that student's problem, never the next student's nor the batch's. One batch, one student at a time, hostile first.
 */
describe('hostile builds, graded in one batch before a full-marks student', function () {
  this.timeout(300_000)
  const classDir = mkdtempSync(join(tmpdir(), 'parlab-hostile-build-'))
  const out = mkdtempSync(join(tmpdir(), 'parlab-hostile-build-out-'))
  const typeCheckTimeoutMs = 3000

  before(async function () {
    // 2 MB of nested '[' (under the discovery's 2 MiB): esbuild's parser overflowed its stack and its service died.
    cpSync('solutions', join(classDir, 'a-nested'), { recursive: true })
    writeFileSync(
      join(classDir, 'a-nested', 'sum', 'sequential.ts'),
      `export const x = ${'['.repeat(2_000_000)}\n`,
    )
    // The same in a .js helper nobody imports: the type check never reads it, esbuild did (and its service died).
    cpSync('solutions', join(classDir, 'a-unused'), { recursive: true })
    writeFileSync(
      join(classDir, 'a-unused', 'sum', 'nested.js'),
      `export const x = ${'['.repeat(2_000_000)}\n`,
    )
    // Template-literal types that explode: the type check blocked the grader's event loop, then exhausted its heap.
    cpSync('solutions', join(classDir, 'b-types'), { recursive: true })
    writeFileSync(join(classDir, 'b-types', 'sum', 'types.ts'), explodingTypes())
    cpSync('solutions', join(classDir, 'c-ana'), { recursive: true })
    const config = loadGradingConfig()
    const result = await gradeClass(
      {
        ...sumOnlyOptions('exercises'),
        outDir: out,
        submissionsDir: classDir,
        jobs: 1,
        force: false,
      },
      { ...config, limits: { ...config.limits, typeCheckTimeoutMs } },
    )
    writeClassReports(result.run, out)
  })

  after(() => {
    for (const dir of [classDir, out]) rmSync(dir, { recursive: true, force: true })
  })

  it('writes a gradebook in which every student is graded, the one after them with full marks', () => {
    const rows = readFileSync(join(out, 'gradebook.csv'), 'utf8').trim().split('\r\n').slice(1)
    expect(rows.map((row) => row.split(',')[0])).to.deep.equal(['a-nested', 'a-unused', 'b-types', 'c-ana'])
    for (const row of rows) expect(row, row).to.match(/,graded,/)
    const ana = results(out, 'c-ana')
    expect(ana.tests.filter((t) => t.status === 'failed').map((t) => `${t.name}: ${t.output}`)).to.deep.equal(
      [],
    )
    expect(ana.score).to.equal(39)
    expect(results(out, 'a-unused').score).to.equal(39)
  })

  it('fails only the checks of the file that does not build, with the reason', () => {
    const nested = results(out, 'a-nested')
    const sequential = nested.tests.filter((t) => t.name.startsWith('sum › sequential › '))
    expect(sequential).to.have.length(8)
    for (const test of sequential) {
      expect(test.status, test.name).to.equal('failed')
      expect(test.output, test.name)
        .to.include('sum/sequential.ts does not compile')
        .and.include('over the 1,024 KB a source file may have')
    }
    const parallel = nested.tests.filter((t) => t.name.startsWith('sum › parallel › '))
    expect(parallel.every((t) => t.status === 'passed')).to.equal(true)
  })

  it('skips the type check that runs over its time with a warning, and grades the code as usual', () => {
    const types = results(out, 'b-types')
    expect(types.extra_data.typeWarnings).to.deep.equal(['type check skipped: it ran over 3 s'])
    expect(types.score).to.equal(39)
  })
})
