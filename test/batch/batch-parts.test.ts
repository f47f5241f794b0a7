import { expect } from 'chai'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pseudonymOf } from '../../grader/batch/pseudonym.js'
import { readRoster } from '../../grader/discover/roster.js'
import { csvCell, renderGradebook } from '../../grader/report/gradebook-csv.js'
import { parseShard, selectShard } from '../../grader/shard/shard.js'
import type { ClassRun, StudentRow } from '../../grader/types.js'

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
