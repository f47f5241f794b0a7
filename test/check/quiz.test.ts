import { expect } from 'chai'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gradeQuiz, type QuizKey } from '../../grader/check/quiz.js'

const key = JSON.parse(readFileSync('grader/exercises/sum/quiz-key.json', 'utf8')) as QuizKey

function withAnswers(content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'parlab-quiz-'))
  writeFileSync(join(dir, 'quiz.json'), content)
  return dir
}

describe('gradeQuiz', () => {
  it('gives full marks to the answers in solutions/sum/quiz.json (the key and the solutions agree)', () => {
    const results = gradeQuiz('sum', 'solutions/sum', key, 1)
    expect(results).to.have.length(Object.keys(key).length)
    expect(results.every((r) => r.status === 'passed' && r.points === 1)).to.equal(true)
  })

  it('explains a wrong answer with the reason for that choice', () => {
    const [remainder] = gradeQuiz('sum', withAnswers('{ "answers": { "remainder": "a" } }'), key, 1).filter(
      (r) => r.checkId === 'quiz-remainder',
    )
    expect(remainder!.status).to.equal('failed')
    expect(remainder!.message).to.include('you chose a').and.include('the last two values are lost')
  })

  it('marks every question unanswered, with the reason, when quiz.json is not valid JSON', () => {
    const results = gradeQuiz('sum', withAnswers('{ answers: '), key, 1)
    expect(results.every((r) => r.status === 'failed')).to.equal(true)
    expect(results[0]!.message).to.include('unanswered').and.include('is not valid JSON')
  })

  it('names the field when quiz.json has the wrong shape', () => {
    const results = gradeQuiz('sum', withAnswers('{ "answers": { "remainder": 2 } }'), key, 1)
    expect(results[0]!.message).to.include('"/answers/remainder" must be string')
  })

  it('says that a choice is not one of the choices', () => {
    const results = gradeQuiz('sum', withAnswers('{ "answers": { "io-bound": "z" } }'), key, 1)
    expect(results.find((r) => r.checkId === 'quiz-io-bound')!.message).to.include(
      '"z" is not one of the choices',
    )
  })
})
