import type { ExerciseId } from '../../grader/types.js'
import { accessLogsGenerator } from './access-logs.js'
import { celebaGenerator } from './celeba/celeba.js'
import { logAnalyticsGenerator } from './log-analytics.js'
import type { DatasetGenerator } from './types.js'

/** Exercises whose data lives on disk, each with its generator (sum builds its arrays in memory). */
export const generators: Partial<Record<ExerciseId, DatasetGenerator>> = {
  explore: celebaGenerator,
  greyscale: celebaGenerator,
  'access-logs': accessLogsGenerator,
  'log-analytics': logAnalyticsGenerator,
}
