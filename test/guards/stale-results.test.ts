// A rerun into the same folder keeps a student's grade only while it still stands (CONTRACT.md §4): the grader
// version, the submission's content and the run's options all unchanged, and no --force.
import { expect } from 'chai'
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gradeClass, runKey, type BatchOptions, type BatchResult } from '../../grader/batch/batch.js'
import { loadGradingConfig } from '../../grader/config.js'
import { hashSubmission } from '../../grader/discover/discover.js'
import type { StudentRow } from '../../grader/types.js'
import { sumOnlyOptions } from '../helpers.js'

interface Stored {
  runKey: string
  row: StudentRow
}

describe('a rerun into the same folder', function () {
  this.timeout(300_000)
  const classDir = mkdtempSync(join(tmpdir(), 'parlab-guard-stale-class-'))
  const out = mkdtempSync(join(tmpdir(), 'parlab-guard-stale-out-'))
  const options: BatchOptions = {
    ...sumOnlyOptions('exercises'),
    outDir: out,
    submissionsDir: classDir,
    jobs: 2,
    force: false,
  }
  const rowFile = (student: string): string => join(out, 'students', student, 'row.json')
  const stored = (student: string): Stored => JSON.parse(readFileSync(rowFile(student), 'utf8')) as Stored
  const resultsHash = (student: string): string =>
    (
      JSON.parse(readFileSync(join(out, 'students', student, 'results.json'), 'utf8')) as {
        extra_data: { submissionHash: string }
      }
    ).extra_data.submissionHash

  /** Runs the batch; returns it with, per student, whether their row was kept from the previous run. */
  async function rerun(
    overrides: Partial<BatchOptions> = {},
  ): Promise<[BatchResult, Record<string, boolean>]> {
    const resumed: Record<string, boolean> = {}
    const result = await gradeClass({ ...options, ...overrides }, loadGradingConfig(), {
      onStudent: (row, kept) => (resumed[row.student] = kept),
    })
    return [result, resumed]
  }

  before(async () => {
    // Three students with the untouched stubs (every strategy throws "not implemented": graded in seconds).
    for (const student of ['ana', 'ben', 'cleo']) {
      cpSync('exercises/sum', join(classDir, student, 'sum'), { recursive: true })
    }
    const [first, resumed] = await rerun()
    expect(first.run.students.map((row) => row.status)).to.deep.equal(['graded', 'graded', 'graded'])
    expect(resumed).to.deep.equal({ ana: false, ben: false, cleo: false })
  })

  it('grades again a student whose submission changed, and one whose row another grader or run wrote', async () => {
    const before = stored('ana').row
    // ana answers the quiz (the references' answers): her grade must go up.
    cpSync('solutions/sum/quiz.json', join(classDir, 'ana', 'sum', 'quiz.json'))
    const changedHash = hashSubmission(join(classDir, 'ana'), ['sum'])
    expect(changedHash).to.not.equal(before.submissionHash)
    // ben's row was written by a run whose grader version or options differ (the key they all make up).
    writeFileSync(rowFile('ben'), JSON.stringify({ ...stored('ben'), runKey: 'f'.repeat(64) }))
    const [result, resumed] = await rerun()
    expect(resumed).to.deep.equal({ ana: false, ben: false, cleo: true })
    expect(result.resumed).to.equal(1)
    const ana = result.run.students.find((row) => row.student === 'ana')!
    expect(ana.submissionHash).to.equal(changedHash)
    expect(ana.score).to.be.above(before.score)
    expect(result.changes).to.deep.equal([`ana: ${before.score} → ${ana.score} (of ${ana.maxScore})`])
    // What is on disk for her is the new grade, stored under this run's key.
    expect(stored('ana').row.submissionHash).to.equal(changedHash)
    expect(stored('ana').runKey).to.equal(runKey(options))
    expect(resultsHash('ana')).to.equal(changedHash)
    expect(stored('ben').runKey).to.equal(runKey(options))
  })

  it('with --force, grades everyone again, though nothing changed', async () => {
    const [unchanged, kept] = await rerun()
    expect(kept).to.deep.equal({ ana: true, ben: true, cleo: true })
    expect(unchanged.resumed).to.equal(3)
    const [forced, resumed] = await rerun({ force: true })
    expect(resumed).to.deep.equal({ ana: false, ben: false, cleo: false })
    expect(forced.resumed).to.equal(0)
    expect(forced.run.students.map((row) => row.status)).to.deep.equal(['graded', 'graded', 'graded'])
  })
})

describe('the key a stored grade must match', () => {
  const base: BatchOptions = {
    ...sumOnlyOptions('exercises'),
    outDir: 'reports/class',
    submissionsDir: 'class',
    jobs: 2,
    force: false,
  }

  it('changes with every option that changes a grade (seed, secret, --only, --size, --quick, benchmarks, --data)', () => {
    const variants: Record<string, Partial<BatchOptions>> = {
      seed: { seed: 2, dataSeed: 2 },
      secret: { secretFingerprint: 'a1b2c3d4e5f6' },
      'another secret': { secretFingerprint: '0f0e0d0c0b0a' },
      only: { exercises: ['sum', 'explore'] },
      size: { size: 'small' },
      quick: { quick: false },
      bench: { bench: true },
      data: { data: { sum: '/data/values.bin' } },
    }
    const keys = Object.entries(variants).map(([name, change]) => [name, runKey({ ...base, ...change })])
    for (const [name, key] of keys) expect(key, name).to.not.equal(runKey(base))
    expect(new Set(keys.map(([, key]) => key)).size).to.equal(keys.length)
  })

  it('does not change with what leaves grades alone (--jobs, --force, --out, the class folder)', () => {
    const same = { jobs: 1, force: true, outDir: 'elsewhere', submissionsDir: 'other-class' }
    expect(runKey({ ...base, ...same })).to.equal(runKey(base))
  })
})
