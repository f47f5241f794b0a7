// A student on Windows whose editor or git (core.autocrlf=true) wrote CRLF line endings: the submission grades as
// the same files with LF do.
import { expect } from 'chai'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { validateResultsJson } from '../../grader/report/results-json.js'
import { runGrade } from './run-grade.js'

const repo = fileURLToPath(new URL('../../', import.meta.url))

describe('a submission with CRLF line endings', function () {
  const dir = mkdtempSync(join(tmpdir(), 'parlab-crlf-'))
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('grades in full, as the references with LF do', () => {
    cpSync(join(repo, 'solutions', 'sum'), join(dir, 'sum'), { recursive: true })
    const converted = readdirSync(join(dir, 'sum'))
    for (const file of converted) {
      const path = join(dir, 'sum', file)
      const text = readFileSync(path, 'utf8')
      expect(text, file).to.not.include('\r')
      writeFileSync(path, text.replaceAll('\n', '\r\n'))
    }
    expect(converted).to.include.members(['sequential.ts', 'parallel.ts', 'concurrent.ts', 'quiz.json'])

    const run = runGrade(['--submission', dir, '--only', 'sum', '--no-bench'])
    expect(run.status, run.stderr).to.equal(0)
    validateResultsJson(run.results)
    const lost = run.results!.tests.filter((t) => t.score < t.max_score)
    expect(lost.map((t) => `${t.name}: ${t.output}`)).to.deep.equal([])
    expect(run.results!.tests.filter((t) => t.tags.includes('quiz')).length).to.be.greaterThan(0)
    // No warning either: the type check and the build read CRLF as they read LF.
    expect(run.stdout + run.stderr).to.not.match(/warning|type error/i)
    rmSync(run.outDir, { recursive: true, force: true })
  })
})
