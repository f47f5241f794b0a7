import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { gradeClassSumOnly } from './run-grade.js'

// Issue 13, class 2: files a student hands in are data, never links. A git clone keeps links, so folder submissions
// are made here with links and FIFOs (at test time: nothing of the kind is committed).

interface Results {
  score: number
  tests: { name: string; status: string; score: number; output: string }[]
  extra_data: { typeWarnings?: string[] }
}

describe('files of a submission that are links or FIFOs, graded in one batch', function () {
  this.timeout(300_000)
  const classDir = mkdtempSync(join(tmpdir(), 'parlab-hostile-files-'))
  const out = mkdtempSync(join(tmpdir(), 'parlab-hostile-files-out-'))
  const solutionsSum = resolve('solutions/sum')
  const stubs = (student: string): string => {
    const sum = join(classDir, student, 'sum')
    cpSync('exercises/sum', sum, { recursive: true })
    rmSync(join(sum, 'quiz.json'), { force: true })
    return sum
  }
  const results = (id: string): Results =>
    JSON.parse(readFileSync(join(out, 'students', id, 'results.json'), 'utf8')) as Results
  const quizTests = (id: string): Results['tests'] => results(id).tests.filter((t) => t.name.includes('quiz'))
  let run: ReturnType<typeof gradeClassSumOnly>

  before(() => {
    symlinkSync(join(solutionsSum, 'quiz.json'), join(stubs('key-link'), 'quiz.json'))
    mkdirSync(join(classDir, 'folder-link'))
    symlinkSync(solutionsSum, join(classDir, 'folder-link', 'sum'))
    const fifo = spawnSync('mkfifo', [join(stubs('fifo'), 'quiz.json')])
    if (fifo.status !== 0) throw new Error(fifo.stderr.toString())
    symlinkSync('/dev/stdin', join(stubs('stdin'), 'quiz.json'))
    symlinkSync('/etc/passwd', join(stubs('passwd'), 'quiz.json'))
    run = gradeClassSumOnly(classDir, out, {}, 240_000)
  })

  it('finishes (a FIFO or /dev/stdin as quiz.json does not hang the run)', () => {
    expect(run.signal, 'the run hung and was killed').to.equal(null)
    expect(run.status, run.stderr).to.equal(0)
  })

  it('gives no quiz points for quiz.json linked to the key in solutions/, with the file and the fix', () => {
    const quiz = quizTests('key-link')
    expect(quiz).to.have.length(7)
    for (const test of quiz) {
      expect(test.status).to.equal('failed')
      expect(test.output).to.include('sum/quiz.json is a symbolic link: refused').and.include('not a link')
    }
  })

  it('refuses an exercise folder linked to solutions/sum: no points, and every check says why', () => {
    const graded = results('folder-link')
    expect(graded.score).to.equal(0)
    for (const test of graded.tests)
      expect(test.output, test.name).to.include('sum is a symbolic link: refused')
  })

  it('says that a FIFO or a link to standard input is refused', () => {
    expect(quizTests('fifo')[0]!.output).to.include('sum/quiz.json is a FIFO (named pipe): refused')
    expect(quizTests('stdin')[0]!.output).to.include('sum/quiz.json is a symbolic link: refused')
  })

  it('quotes nothing of /etc/passwd that quiz.json links to, in either report', () => {
    const firstLine = readFileSync('/etc/passwd', 'utf8').split('\n')[0]!
    for (const file of ['results.json', 'index.html']) {
      const text = readFileSync(join(out, 'students', 'passwd', file), 'utf8')
      expect(text).to.not.include(firstLine.slice(0, 10))
      expect(text).to.not.include('root:x')
    }
    expect(quizTests('passwd')[0]!.output).to.include('sum/quiz.json is a symbolic link: refused')
  })
})
