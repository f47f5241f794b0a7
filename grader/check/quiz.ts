import { Ajv } from 'ajv'
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { CheckResult, ExerciseId } from '../types.js'

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

/** Reads quiz.json from the submission; any problem becomes a message (the quiz is then unanswered). */
function readAnswers(path: string): { answers: Record<string, string>; problem?: string } {
  try {
    if (statSync(path).size > 64 * 1024) return { answers: {}, problem: `${path} is larger than 64 KB` }
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'))
    if (validate(parsed)) return { answers: parsed.answers }
    const error = validate.errors?.[0]
    return {
      answers: {},
      problem: `${path}: "${error?.instancePath || '/'}" ${error?.message ?? 'is malformed'}; expected { "answers": { "<question id>": "<choice>" } }`,
    }
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT'
    return {
      answers: {},
      problem: missing ? `${path} is missing` : `${path} is not valid JSON: ${(error as Error).message}`,
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
  const { answers, problem } = readAnswers(join(exerciseDir, 'quiz.json'))
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
