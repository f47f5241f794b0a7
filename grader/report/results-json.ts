import { Ajv } from 'ajv'
import type { CheckResult, SubmissionGrade } from '../types.js'
import schema from './results.schema.json' with { type: 'json' }

const validate = new Ajv({ allErrors: true, strict: false }).compile(schema)

export function testName(check: Pick<CheckResult, 'exerciseId' | 'strategy' | 'name'>): string {
  return `${check.exerciseId} › ${check.strategy} › ${check.name}`
}

function testOutput(check: CheckResult): string {
  const parts = [check.message, check.hint ? `Hint: ${check.hint}` : undefined]
  if (check.stderrTail) parts.push(`stderr (last lines):\n${check.stderrTail}`)
  return parts.filter(Boolean).join('\n\n') || (check.status === 'passed' ? 'passed' : 'failed')
}

function summaryOutput(grade: SubmissionGrade): string {
  const lines = grade.exercises.map((e) => `${e.exerciseId}: ${e.score} / ${e.maxScore}`)
  if (grade.sandbox.dropped.length > 0)
    lines.push(`Sandbox: ${grade.sandbox.mode}; not guaranteed: ${grade.sandbox.dropped.join('; ')}`)
  return lines.join('\n')
}

/** Gradescope's results.json for one submission; optional fields are left out rather than null. */
export function toResultsJson(grade: SubmissionGrade): Record<string, unknown> {
  const tests = grade.exercises.flatMap((exercise) =>
    exercise.checks.map((check) => ({
      name: testName(check),
      score: check.points,
      max_score: check.maxPoints,
      status: check.status,
      output: testOutput(check),
      tags: [check.exerciseId, ...(check.strategy === 'all' ? [] : [check.strategy]), check.kind],
      visibility: check.visibility,
      ...(check.verdict
        ? { extra_data: { verdict: check.verdict, ...(check.ratio ? { ratio: check.ratio } : {}) } }
        : {}),
    })),
  )
  return {
    score: grade.score,
    execution_time: Math.round(grade.durationMs / 1000),
    output: summaryOutput(grade),
    tests,
    extra_data: {
      schemaVersion: grade.schemaVersion,
      graderVersion: grade.graderVersion,
      seed: grade.seed,
      ...(grade.secretFingerprint ? { secretFingerprint: grade.secretFingerprint } : {}),
      size: grade.size,
      submissionHash: grade.submissionHash,
      machine: grade.machine,
      sandbox: grade.sandbox,
      benchmarks: grade.exercises.flatMap((e) => (e.bench ? [e.bench] : [])),
      typeWarnings: grade.exercises.flatMap((e) => e.typeWarnings),
      maxScore: grade.maxScore,
      regradeCommand: grade.regradeCommand,
    },
  }
}

/** Validates against the schema; throws with every problem listed, so that nothing invalid is ever written. */
export function validateResultsJson(results: unknown): void {
  if (validate(results)) return
  const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`)
  throw new Error(`results.json does not match its schema: ${problems.join('; ')}`)
}
