import { expect } from 'chai'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkChanges, exercisesOf, withRegraded } from '../../grader/watch/changes.js'
import { needsPolling, watchFiles } from '../../grader/watch/file-events.js'
import type { CheckResult, ExerciseGrade, ExerciseId, SubmissionGrade } from '../../grader/types.js'

const check = (
  exerciseId: ExerciseId,
  checkId: string,
  status: 'passed' | 'failed',
  points = 1,
): CheckResult => ({
  exerciseId,
  strategy: 'sequential',
  checkId,
  name: checkId,
  kind: 'correctness',
  status,
  points: status === 'passed' ? points : 0,
  maxPoints: points,
  visibility: 'visible',
})
const exercise = (exerciseId: ExerciseId, checks: CheckResult[]): ExerciseGrade =>
  ({ exerciseId, checks }) as unknown as ExerciseGrade
const grade = (exercises: ExerciseGrade[]): SubmissionGrade =>
  ({ exercises, score: -1, maxScore: -1, startedAt: 'x' }) as unknown as SubmissionGrade

describe('watch mode: what changed', () => {
  it('maps changed files to the watched exercises they lie in, in the order of the exercises', () => {
    const watched: ExerciseId[] = ['sum', 'greyscale', 'access-logs']
    expect(exercisesOf(['greyscale/parallel.ts', 'sum/sum.worker.ts', 'notes.txt'], watched)).to.deep.equal([
      'sum',
      'greyscale',
    ])
    expect(exercisesOf(['exercises\\access-logs\\read.ts'], watched)).to.deep.equal(['access-logs'])
    expect(exercisesOf(['log-analytics/x.ts'], watched)).to.deep.equal([])
  })

  it('puts the regraded exercises in place, keeps the others and sums the points again', () => {
    const last = grade([
      exercise('sum', [check('sum', 'a', 'failed', 3)]),
      exercise('greyscale', [check('greyscale', 'b', 'passed', 5)]),
    ])
    const fresh = grade([exercise('sum', [check('sum', 'a', 'passed', 3)])])
    const merged = withRegraded(last, fresh)
    expect(merged.exercises.map((e) => e.exerciseId)).to.deep.equal(['sum', 'greyscale'])
    expect(merged.exercises[0]!.checks[0]!.status).to.equal('passed')
    expect([merged.score, merged.maxScore]).to.deep.equal([8, 8])
  })

  it('lists the checks whose status changed, appeared or went, in the regraded exercises only', () => {
    const before = grade([
      exercise('sum', [
        check('sum', 'a', 'failed'),
        check('sum', 'b', 'passed'),
        check('sum', 'gone', 'passed'),
      ]),
      exercise('greyscale', [check('greyscale', 'c', 'failed')]),
    ])
    const after = grade([
      exercise('sum', [
        check('sum', 'a', 'passed'),
        check('sum', 'b', 'passed'),
        check('sum', 'new', 'failed'),
      ]),
      exercise('greyscale', [check('greyscale', 'c', 'passed')]),
    ])
    expect(checkChanges(before, after, ['sum'])).to.deep.equal([
      { name: 'sum › sequential › a', before: 'failed', after: 'passed' },
      { name: 'sum › sequential › new', before: 'new', after: 'failed' },
      { name: 'sum › sequential › gone', before: 'passed', after: 'gone' },
    ])
  })
})

describe('watch mode: file events', function () {
  this.timeout(20_000)
  it('polls on WSL for a Windows drive, where no file events arrive, and nowhere else', () => {
    const wsl = '5.15.153.1-microsoft-standard-WSL2'
    expect(needsPolling('/mnt/c/Users/ana/parlab/exercises', 'linux', wsl)).to.equal(true)
    expect(needsPolling('/home/ana/parlab/exercises', 'linux', wsl)).to.equal(false)
    expect(needsPolling('/mnt/c/Users/ana/parlab/exercises', 'linux', '6.1.0-13-amd64')).to.equal(false)
    expect(needsPolling('/mnt/c/x', 'darwin', wsl)).to.equal(false)
  })

  for (const poll of [false, true]) {
    it(`reports a saved file by its relative path (${poll ? 'polling' : 'file events'}), not node_modules or dot files`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'parlab-watch-events-'))
      mkdirSync(join(dir, 'sum'))
      mkdirSync(join(dir, 'node_modules'))
      const seen = new Set<string>()
      const events = watchFiles(dir, (path) => seen.add(path), { poll, intervalMs: 100 })
      try {
        expect(events.how).to.include(poll ? 'polling' : 'file events')
        await new Promise((resolve) => setTimeout(resolve, 300))
        writeFileSync(join(dir, 'node_modules', 'x.js'), '1')
        writeFileSync(join(dir, '.swp'), '1')
        writeFileSync(join(dir, 'sum', 'sequential.ts'), 'export {}')
        for (let i = 0; i < 100 && !seen.has(join('sum', 'sequential.ts')); i++)
          await new Promise((resolve) => setTimeout(resolve, 50))
        expect([...seen]).to.deep.equal([join('sum', 'sequential.ts')])
      } finally {
        events.close()
        rmSync(dir, { recursive: true, force: true })
      }
    })
  }
})
