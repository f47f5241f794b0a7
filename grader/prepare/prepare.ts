import type { ExerciseId, GradeOptions } from '../types.js'

export interface Dataset {
  exerciseId: ExerciseId
  /** Folders the sandboxed child must be able to read (generated or real data). */
  readPaths: string[]
  /** Where the data lives, or "in memory" for data the child builds itself from the seed. */
  description: string
}

/**
 * The data of an exercise for this run, generated deterministically from the seed (cached) or given by path.
 * `sum` builds its arrays inside the child from small descriptors, so it has nothing on disk.
 */
export function prepareDataset(
  exerciseId: ExerciseId,
  options: Pick<GradeOptions, 'size' | 'data'>,
): Promise<Dataset> {
  if (exerciseId === 'sum') {
    return Promise.resolve({
      exerciseId,
      readPaths: [],
      description: `in memory, ${options.size} size, from the run's seed`,
    })
  }
  return Promise.reject(new Error(`no data preparation for exercise "${exerciseId}" yet`))
}
