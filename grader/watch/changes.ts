// What a watch run works out between two runs: which exercises a set of changed files belongs to, the grade with the
// regraded exercises put in place, and which checks changed status. Pure: no files, no clock.
import { totalScore } from '../score/score.js'
import type { CheckResult, ExerciseId, SubmissionGrade } from '../types.js'

/** The exercises (of `watched`) that changed paths lie in: the first segment of a path that names one. */
export function exercisesOf(paths: Iterable<string>, watched: readonly ExerciseId[]): ExerciseId[] {
  const hit = new Set<ExerciseId>()
  for (const path of paths) {
    const id = path.split(/[\\/]/).find((segment) => (watched as readonly string[]).includes(segment))
    if (id) hit.add(id as ExerciseId)
  }
  return watched.filter((id) => hit.has(id))
}

/** `last` with the exercises of `fresh` in place of its own (the others kept), and the total recomputed. */
export function withRegraded(last: SubmissionGrade, fresh: SubmissionGrade): SubmissionGrade {
  const exercises = last.exercises.map(
    (exercise) => fresh.exercises.find((e) => e.exerciseId === exercise.exerciseId) ?? exercise,
  )
  return {
    ...fresh,
    exercises,
    ...totalScore(exercises.flatMap((e) => e.checks)),
  }
}

export interface CheckChange {
  name: string
  before: CheckResult['status'] | 'new'
  after: CheckResult['status'] | 'gone'
}

const qualified = (check: CheckResult): string => `${check.exerciseId} › ${check.strategy} › ${check.name}`
const keyOf = (check: CheckResult): string =>
  `${check.exerciseId}\0${check.strategy}\0${check.checkId}\0${check.kind}`

/** Checks of the regraded exercises whose status changed (or that appeared or went), in the order of `after`. */
export function checkChanges(
  before: SubmissionGrade,
  after: SubmissionGrade,
  regraded: ExerciseId[],
): CheckChange[] {
  const old = new Map(
    before.exercises
      .filter((e) => regraded.includes(e.exerciseId))
      .flatMap((e) => e.checks.map((c) => [keyOf(c), c] as const)),
  )
  const changes: CheckChange[] = []
  for (const exercise of after.exercises.filter((e) => regraded.includes(e.exerciseId))) {
    for (const check of exercise.checks) {
      const previous = old.get(keyOf(check))
      old.delete(keyOf(check))
      if (previous?.status !== check.status)
        changes.push({ name: qualified(check), before: previous?.status ?? 'new', after: check.status })
    }
  }
  for (const gone of old.values()) changes.push({ name: qualified(gone), before: gone.status, after: 'gone' })
  return changes
}
