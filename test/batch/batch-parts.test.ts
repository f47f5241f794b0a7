import { expect } from 'chai'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gradeClass, scaledCallTimeouts } from '../../grader/batch/batch.js'
import { pseudonymOf } from '../../grader/batch/pseudonym.js'
import { loadGradingConfig } from '../../grader/config.js'
import { readRoster } from '../../grader/discover/roster.js'
import { csvCell, renderGradebook } from '../../grader/report/gradebook-csv.js'
import { parseShard, selectShard } from '../../grader/shard/shard.js'
import type { CheckResult, ClassRun, ExerciseGrade, StudentRow } from '../../grader/types.js'
import { sumOnlyOptions } from '../helpers.js'

describe('roster', () => {
  it('lists folders and archives by student id, sorted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parlab-roster-'))
    mkdirSync(join(dir, 'cleo'))
    writeFileSync(join(dir, 'ana.zip'), '')
    writeFileSync(join(dir, 'ben.tar.gz'), '')
    writeFileSync(join(dir, 'notes.txt'), '')
    expect(readRoster(dir).map((e) => `${e.student}:${e.kind}`)).to.deep.equal([
      'ana:zip',
      'ben:tar.gz',
      'cleo:folder',
    ])
  })

  it('stops at two entries with one id, naming both', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parlab-roster-'))
    mkdirSync(join(dir, 'ana'))
    writeFileSync(join(dir, 'ana.zip'), '')
    expect(() => readRoster(dir)).to.throw(
      /ana\.zip" and ".*\/ana" are both student "ana"|\/ana" and ".*ana\.zip" are both student "ana"/,
    )
  })
})

describe('shard', () => {
  it('parses I/N and words errors like Playwright', () => {
    expect(parseShard('2/8')).to.deep.equal({ current: 2, total: 8 })
    expect(() => parseShard('9/8')).to.throw(
      '--shard "9/8" current must be a positive number, not greater than shard total',
    )
    expect(() => parseShard('0/8')).to.throw('not greater than shard total')
    expect(() => parseShard('two')).to.throw('must be in the form "current/all"')
  })

  it('covers every student exactly once with contiguous slices', () => {
    const students = Array.from({ length: 11 }, (_, i) => `s${i}`)
    const slices = [1, 2, 3].map((current) => selectShard(students, { current, total: 3 }))
    expect(slices.flat()).to.deep.equal(students)
    expect(slices.map((s) => s.length)).to.deep.equal([3, 4, 4])
  })
})

describe('gradebook.csv', () => {
  it('quotes per RFC 4180 and defuses formulas', () => {
    expect(csvCell('plain')).to.equal('plain')
    expect(csvCell('a,b')).to.equal('"a,b"')
    expect(csvCell('say "hi"')).to.equal('"say ""hi"""')
    expect(csvCell('=HYPERLINK("x")')).to.equal(`"'=HYPERLINK(""x"")"`)
    expect(csvCell('+1')).to.equal("'+1")
    expect(csvCell('@sum')).to.equal("'@sum")
    expect(csvCell(-0)).to.equal('0')
  })

  it('has the contract header and one column per exercise', () => {
    const row = (student: string, status: StudentRow['status'], reason?: string): StudentRow => ({
      student,
      pseudonym: 'p',
      status,
      ...(reason ? { reason } : {}),
      score: 3,
      maxScore: 5,
      exercises: [{ exerciseId: 'sum', score: 3, maxScore: 5 }],
      checks: [],
      speed: [],
      durationMs: 1,
    })
    const run = {
      exercises: ['sum'],
      students: [row('ana', 'graded'), row('-rm', 'unreadable', 'corrupt, "zip"')],
    } as ClassRun
    expect(renderGradebook(run).split('\r\n')).to.deep.equal([
      'student,total,max,sum,status,reason',
      'ana,3,5,3,graded,',
      `'-rm,3,5,3,unreadable,"corrupt, ""zip"""`,
      '',
    ])
  })
})

describe('pseudonyms', () => {
  it('are stable for a class and change with its secret', () => {
    expect(pseudonymOf('ana', 's3cret')).to.equal(pseudonymOf('ana', 's3cret'))
    expect(pseudonymOf('ana', 's3cret')).to.match(/^[a-z]+-[a-z]+-\d{1,2}$/)
    expect(pseudonymOf('ana', 's3cret')).to.not.equal(pseudonymOf('ana', 'other'))
  })
})

describe("a batch's call limits, scaled from the reference's own times", () => {
  // Recorded times of the reference's checks (ms), as the reference pass of a batch leaves them.
  const check = (checkId: string, strategy: string, durationMs?: number): CheckResult => ({
    exerciseId: 'sum',
    strategy,
    checkId,
    name: checkId,
    kind: 'correctness',
    status: 'passed',
    points: 1,
    maxPoints: 1,
    visibility: 'visible',
    ...(durationMs === undefined ? {} : { durationMs }),
  })
  const reference: ExerciseGrade = {
    exerciseId: 'sum',
    title: 'sum',
    checks: [
      check('empty', 'concurrent', 0.04),
      check('one-value', 'parallel', 12.5),
      check('course-range', 'sequential', 95),
      check('course-range', 'parallel', 180),
      check('agree', 'all'),
    ],
    typeWarnings: [],
    score: 0,
    maxScore: 0,
  }

  it("gives each call factor × the reference's time + the minimum, at most the manifest's 5 s", () => {
    expect(scaledCallTimeouts([reference], { callTimeoutFactor: 20, minCallTimeoutMs: 3000 })).to.deep.equal({
      'sum/empty/concurrent': 3001,
      'sum/one-value/parallel': 3250,
      'sum/course-range/sequential': 4900,
      'sum/course-range/parallel': 5000,
    })
    expect(scaledCallTimeouts([reference], { callTimeoutFactor: 0, minCallTimeoutMs: 1200 })).to.deep.equal({
      'sum/empty/concurrent': 1200,
      'sum/one-value/parallel': 1200,
      'sum/course-range/sequential': 1200,
      'sum/course-range/parallel': 1200,
    })
  })

  it("stops a hung student's calls at the scaled limit, not the manifest's", async function () {
    this.timeout(240_000)
    const classDir = mkdtempSync(join(tmpdir(), 'parlab-scaled-'))
    const out = mkdtempSync(join(tmpdir(), 'parlab-scaled-out-'))
    try {
      cpSync('test/fixtures/submissions/infinite-loop', join(classDir, 'gus'), { recursive: true })
      // A factor of 0: every limit is the minimum, whatever the reference's times on this machine.
      const shipped = loadGradingConfig()
      const limits = { ...shipped.limits, callTimeoutFactor: 0, minCallTimeoutMs: 2345 }
      const options = {
        ...sumOnlyOptions('exercises'),
        outDir: out,
        submissionsDir: classDir,
        jobs: 1,
        force: false,
      }
      await gradeClass(options, { ...shipped, limits })
      const gus = JSON.parse(readFileSync(join(out, 'students', 'gus', 'results.json'), 'utf8')) as {
        tests: { name: string; output: string }[]
      }
      const concurrent = gus.tests.filter((t) => t.name.startsWith('sum › concurrent › '))
      expect(concurrent).to.have.length(8)
      expect(concurrent[0]!.output).to.include('did not finish within 2,345 ms')
      for (const test of concurrent.slice(1))
        expect(test.output, test.name).to.equal(
          'not run: an earlier call of concurrent timed out after 2345 ms',
        )
    } finally {
      for (const dir of [classDir, out]) rmSync(dir, { recursive: true, force: true })
    }
  })
})
