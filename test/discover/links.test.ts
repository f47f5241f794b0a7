import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { gradeQuiz, type QuizKey } from '../../grader/check/quiz.js'
import { similarityToReference } from '../../grader/check/similarity.js'
import { discoverSubmission, exercisesRoot, hashSubmission } from '../../grader/discover/discover.js'
import { definitionOf } from '../../grader/exercises/index.js'
import { listSourceFiles } from '../../grader/util/source-files.js'

// CONTRACT.md §7: everything a student hands in is data: files are read without following links and must be
// regular files inside the submission. Links and FIFOs are made here, at test time, never committed.

const key = JSON.parse(readFileSync('grader/exercises/sum/quiz-key.json', 'utf8')) as QuizKey
const solutionsSum = resolve('solutions/sum')

/** A submission folder with the stubs of exercises/sum (no quiz.json). */
function stubSubmission(): string {
  const root = mkdtempSync(join(tmpdir(), 'parlab-links-'))
  cpSync('exercises/sum', join(root, 'sum'), { recursive: true, filter: (src) => !src.endsWith('quiz.json') })
  return root
}

function mkfifo(path: string): void {
  const made = spawnSync('mkfifo', [path])
  if (made.status !== 0) throw new Error(`mkfifo failed: ${made.stderr.toString()}`)
}

describe('submission files are data, never links', () => {
  it('gives no quiz points for quiz.json linked to the key in solutions/, and says why', () => {
    const root = stubSubmission()
    symlinkSync(join(solutionsSum, 'quiz.json'), join(root, 'sum', 'quiz.json'))
    const results = gradeQuiz('sum', join(root, 'sum'), key, 1)
    expect(results.map((r) => r.points)).to.deep.equal(results.map(() => 0))
    expect(results[0]!.message)
      .to.include('sum/quiz.json is a symbolic link')
      .and.include('refused')
      .and.include('not a link')
  })

  it('quotes nothing of a file outside the submission that quiz.json links to', () => {
    const root = stubSubmission()
    symlinkSync('/etc/passwd', join(root, 'sum', 'quiz.json'))
    const passwd = readFileSync('/etc/passwd', 'utf8')
    const messages = gradeQuiz('sum', join(root, 'sum'), key, 1).map((r) => r.message ?? '')
    for (const message of messages) {
      expect(message).to.not.include('root')
      expect(message).to.not.include(passwd.slice(0, 8))
    }
    expect(messages[0]).to.include('sum/quiz.json is a symbolic link')
  })

  it('does not hang on quiz.json that is a FIFO or a link to standard input', function () {
    this.timeout(30_000)
    const root = stubSubmission()
    mkfifo(join(root, 'sum', 'quiz.json'))
    const linked = stubSubmission()
    symlinkSync('/dev/stdin', join(linked, 'sum', 'quiz.json'))
    // In a child with a time limit: a blocking read would hang this process for good.
    const script = `
      import { readFileSync } from 'node:fs'
      import { gradeQuiz } from './grader/check/quiz.ts'
      import { discoverSubmission } from './grader/discover/discover.ts'
      import { definitionOf } from './grader/exercises/index.ts'
      const key = JSON.parse(readFileSync('grader/exercises/sum/quiz-key.json', 'utf8'))
      for (const root of ${JSON.stringify([root, linked])}) {
        discoverSubmission(root, ['sum'], definitionOf, 'student')
        console.log(gradeQuiz('sum', root + '/sum', key, 1)[0].message)
      }
    `
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 20_000,
      stdio: ['pipe', 'pipe', 'pipe'], // a stdin that never ends: /dev/stdin would block a reader
    })
    expect(run.signal, `the child was killed: it hung (${run.stderr})`).to.equal(null)
    expect(run.status, run.stderr).to.equal(0)
    expect(run.stdout).to.include('sum/quiz.json is a FIFO (named pipe)')
    expect(run.stdout).to.include('sum/quiz.json is a symbolic link')
  })

  it('refuses an exercise folder that is a link (to solutions/sum): nothing of it is listed, compiled or answered', () => {
    const root = mkdtempSync(join(tmpdir(), 'parlab-links-'))
    symlinkSync(solutionsSum, join(root, 'sum'))
    const [exercise] = discoverSubmission(root, ['sum'], definitionOf, 'student').exercises
    expect(exercise!.missingFiles).to.deep.equal(['sequential', 'parallel', 'concurrent'])
    expect(exercise!.refusedEntries?.['parallel'])
      .to.include('sum is a symbolic link')
      .and.include('Hand in the folder itself')
    expect(listSourceFiles(join(root, 'sum'))).to.deep.equal([])
    const quiz = gradeQuiz('sum', join(root, 'sum'), key, 1)
    expect(quiz.every((r) => r.points === 0)).to.equal(true)
    expect(quiz[0]!.message).to.include('sum is a symbolic link')
    expect(similarityToReference(join(root, 'sum'), solutionsSum)).to.equal(0)
  })

  it('refuses a strategy file or a helper folder that is a link, naming it; the rest is read', () => {
    const root = stubSubmission()
    const sum = join(root, 'sum')
    const before = discoverSubmission(root, ['sum'], definitionOf, 'student').hash
    spawnSync('rm', [join(sum, 'parallel.ts')])
    symlinkSync(join(solutionsSum, 'parallel.ts'), join(sum, 'parallel.ts'))
    symlinkSync(solutionsSum, join(sum, 'lib'))
    mkfifo(join(sum, 'helper.ts'))
    const submission = discoverSubmission(root, ['sum'], definitionOf, 'student')
    const [exercise] = submission.exercises
    expect(exercise!.missingFiles).to.deep.equal(['parallel'])
    expect(exercise!.refusedEntries?.['parallel']).to.include('sum/parallel.ts is a symbolic link')
    expect(exercise!.refusals).to.have.length(3)
    expect(exercise!.refusals!.join('\n'))
      .to.include('sum/lib is a symbolic link')
      .and.include('sum/helper.ts is a FIFO')
    expect(listSourceFiles(sum)).to.deep.equal(['concurrent.ts', 'sequential.ts'])
    expect(submission.hash).to.not.equal(before)
  })

  it('hashes no byte a link points at', () => {
    const root = stubSubmission()
    const target = join(mkdtempSync(join(tmpdir(), 'parlab-links-target-')), 'x.ts')
    writeFileSync(target, 'export const a = 1\n')
    symlinkSync(target, join(root, 'sum', 'x.ts'))
    const first = hashSubmission(exercisesRoot(root), ['sum'])
    writeFileSync(target, 'export const a = 2\n')
    expect(hashSubmission(exercisesRoot(root), ['sum'])).to.equal(first)
  })

  it('resolves the submission path given once, but refuses an exercises/ folder inside it that is a link', () => {
    const real = stubSubmission()
    const alias = join(mkdtempSync(join(tmpdir(), 'parlab-links-alias-')), 'ana')
    symlinkSync(real, alias)
    expect(
      discoverSubmission(alias, ['sum'], definitionOf, 'student').exercises[0]!.missingFiles,
    ).to.deep.equal([])
    const wrapper = mkdtempSync(join(tmpdir(), 'parlab-links-'))
    symlinkSync(real, join(wrapper, 'exercises'))
    expect(() => exercisesRoot(wrapper)).to.throw(/exercises is a symbolic link: refused/)
  })

  it('refuses an exercise folder of more than 10,000 entries', () => {
    const root = mkdtempSync(join(tmpdir(), 'parlab-links-'))
    for (let i = 0; i < 10_001; i++) mkdirSync(join(root, 'sum', String(i)), { recursive: true })
    expect(() => discoverSubmission(root, ['sum'], definitionOf, 'student')).to.throw(
      /sum holds more than 10000 files and folders: refused/,
    )
  })
})
