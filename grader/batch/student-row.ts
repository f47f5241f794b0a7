import type { StudentRow, SubmissionGrade } from '../types.js'

/** The gradebook row and class-report facts of a graded submission. */
export function studentRow(grade: SubmissionGrade, pseudonym: string, reportPath: string): StudentRow {
  return {
    student: grade.student,
    pseudonym,
    status: 'graded',
    score: grade.score,
    maxScore: grade.maxScore,
    exercises: grade.exercises.map(({ exerciseId, score, maxScore }) => ({ exerciseId, score, maxScore })),
    submissionHash: grade.submissionHash,
    reportPath,
    checks: grade.exercises.flatMap((e) =>
      e.checks.map(({ exerciseId, strategy, checkId, name, kind, status, points, maxPoints }) => ({
        exerciseId,
        strategy,
        checkId,
        name,
        kind,
        status,
        points,
        maxPoints,
      })),
    ),
    speed: grade.exercises.flatMap((e) =>
      e.bench
        ? e.bench.timings
            .filter((t) => t.origin === 'student')
            .map((t) => {
              const reference = e.bench!.timings.find(
                (r) => r.origin === 'reference' && r.strategy === t.strategy,
              )
              const ratio = e.bench!.ratioToReference[t.strategy]
              return {
                exerciseId: e.exerciseId,
                strategy: t.strategy,
                ...(ratio ? { ratioToReference: ratio.median } : {}),
                ...(t.speedup ? { speedup: t.speedup.median } : {}),
                ...(reference?.speedup ? { referenceSpeedup: reference.speedup.median } : {}),
              }
            })
        : [],
    ),
    durationMs: grade.durationMs,
  }
}

/** A student the grader could not grade (unreadable, timed out, crashed): zero points and the reason. */
export function unfinishedRow(
  student: string,
  pseudonym: string,
  status: Exclude<StudentRow['status'], 'graded'>,
  reason: string,
  submissionHash?: string,
): StudentRow {
  return {
    student,
    pseudonym,
    status,
    reason,
    score: 0,
    maxScore: 0,
    exercises: [],
    ...(submissionHash ? { submissionHash } : {}),
    checks: [],
    speed: [],
    durationMs: 0,
  }
}
