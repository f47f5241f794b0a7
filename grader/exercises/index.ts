import type { ExerciseId } from '../types.js'
import { accessLogsDefinition } from './access-logs/definition.js'
import type { ExerciseDefinition } from './definition.js'
import { exploreDefinition } from './explore/definition.js'
import { greyscaleDefinition } from './greyscale/definition.js'
import { logAnalyticsDefinition } from './log-analytics/definition.js'
import { sumDefinition } from './sum/definition.js'

/** The exercises the grader knows, in the order reports show them. */
export const definitions: Partial<Record<ExerciseId, ExerciseDefinition>> = {
  sum: sumDefinition,
  explore: exploreDefinition,
  greyscale: greyscaleDefinition,
  'access-logs': accessLogsDefinition,
  'log-analytics': logAnalyticsDefinition,
}

export function definitionOf(id: ExerciseId): ExerciseDefinition {
  const definition = definitions[id]
  if (!definition) throw new Error(`no grader definition for exercise "${id}"`)
  return definition
}
