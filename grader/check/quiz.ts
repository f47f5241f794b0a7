import { Ajv } from 'ajv'
import { join } from 'node:path'
import type { CheckResult, ExerciseId } from '../types.js'
import {
  folderFix,
  lstatOrUndefined,
  readSubmissionFile,
  RefusedFile,
  refusalOf,
} from '../util/source-files.js'

export interface QuizKey {
  [questionId: string]: { question: string; answer: string; why: Record<string, string> }
}

const answersSchema = {
  type: 'object',
  properties: {
    answers: { type: 'object', additionalProperties: { type: 'string', maxLength: 8 } },
  },
  required: ['answers'],
  additionalProperties: false,
}
const validate = new Ajv().compile<{ answers: Record<string, string> }>(answersSchema)

const maxQuizBytes = 64 * 1024

/**
 * Reads quiz.json from the submission; any problem becomes a message (the quiz is then unanswered). The file is
 * data: a link, a FIFO or a device is refused unread, whatever it points at (CONTRACT.md §7), and so is an exercise
 * folder that is a link. Messages name the file as the student knows it (`sum/quiz.json`).
 */
function readAnswers(
  exerciseId: string,
  exerciseDir: string,
): { answers: Record<string, string>; problem?: string } {
  const shown = `${exerciseId}/quiz.json`
  try {
    const folder = lstatOrUndefined(exerciseDir)
    if (folder && !folder.isDirectory()) throw refusalOf(exerciseId, folder, folderFix)
    if (!lstatOrUndefined(join(exerciseDir, 'quiz.json')))
      return { answers: {}, problem: `${shown} is missing` }
    const text = readSubmissionFile(join(exerciseDir, 'quiz.json'), shown, maxQuizBytes).toString('utf8')
    const parsed: unknown = JSON.parse(text)
    if (validate(parsed)) return { answers: parsed.answers }
    const error = validate.errors?.[0]
    return {
      answers: {},
      problem: `${shown}: "${error?.instancePath || '/'}" ${error?.message ?? 'is malformed'}; expected { "answers": { "<question id>": "<choice>" } }`,
    }
  } catch (error) {
    if (error instanceof RefusedFile) return { answers: {}, problem: error.message }
    if (error instanceof SyntaxError) {
      return { answers: {}, problem: `${shown} is not valid JSON: ${error.message}` }
    }
    return {
      answers: {},
      problem: `${shown} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    }
  }
}

/** One check per question; a wrong answer is explained with the key's reason. The key never leaves the grader. */
export function gradeQuiz(
  exerciseId: ExerciseId,
  exerciseDir: string,
  key: QuizKey,
  pointsPerQuestion: number,
): CheckResult[] {
  const { answers, problem } = readAnswers(exerciseId, exerciseDir)
  return Object.entries(key).map(([id, { question, answer, why }]) => {
    const given = answers[id]
    const passed = given === answer
    const message = passed
      ? undefined
      : given === undefined
        ? `unanswered${problem ? ` (${problem})` : ''}: put "${id}": "<choice>" in exercises/${exerciseId}/quiz.json`
        : `you chose ${given}: ${why[given] ?? `"${given}" is not one of the choices`}`
    return {
      exerciseId,
      strategy: 'all',
      checkId: `quiz-${id}`,
      name: `quiz: ${question}`,
      kind: 'quiz',
      status: passed ? 'passed' : 'failed',
      points: passed ? pointsPerQuestion : 0,
      maxPoints: pointsPerQuestion,
      visibility: 'visible',
      ...(message ? { message } : {}),
    } satisfies CheckResult
  })
}
