import { Ajv } from 'ajv'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { basename, join, relative, resolve } from 'node:path'
import { GradingError } from '../errors.js'
import type { ExerciseDefinition } from '../exercises/definition.js'
import type { Exercise, ExerciseId, ExerciseManifest, Origin, Submission } from '../types.js'
import { listSourceFiles } from '../util/source-files.js'
import manifestSchema from './manifest.schema.json' with { type: 'json' }

const validateManifest = new Ajv({ allErrors: false }).compile<ExerciseManifest>(manifestSchema)

/** Checks a grader manifest against its schema and its own references (entries named by checks and strategies). */
export function validateExerciseManifest(manifest: unknown, where: string): ExerciseManifest {
  if (!validateManifest(manifest)) {
    const error = validateManifest.errors?.[0]
    const allowed =
      error?.params && 'allowedValues' in error.params
        ? ` (allowed: ${String(error.params.allowedValues)})`
        : ''
    throw new GradingError(
      `${where}: "${error?.instancePath || '/'}" ${error?.message ?? 'is invalid'}${allowed}. Fix the manifest.`,
    )
  }
  for (const name of [
    ...manifest.strategies,
    ...manifest.checks.flatMap((c) => (c.entries === 'all' ? [] : c.entries)),
  ]) {
    if (!manifest.entries[name])
      throw new GradingError(`${where}: "${name}" is used but not declared under "entries". Declare it.`)
  }
  return manifest
}

/** A submission is a folder shaped like exercises/, or a folder that holds one. */
export function exercisesRoot(dir: string): string {
  const root = resolve(dir)
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new GradingError(
      `${dir}: no such folder. Pass a folder shaped like exercises/ (e.g. --submission ./exercises).`,
    )
  }
  return existsSync(join(root, 'exercises')) && statSync(join(root, 'exercises')).isDirectory()
    ? join(root, 'exercises')
    : root
}

/** sha256 over the sorted relative paths and contents of every source file of the graded exercises. */
export function hashSubmission(root: string, ids: readonly ExerciseId[]): string {
  const hash = createHash('sha256')
  for (const id of ids) {
    const dir = join(root, id)
    if (!existsSync(dir)) continue
    for (const file of listSourceFiles(dir)) {
      hash
        .update(`${id}/${file}\0`)
        .update(readFileSync(join(dir, file)))
        .update('\0')
    }
  }
  return hash.digest('hex')
}

/**
 * Finds the graded exercises in a submission from the grader's own manifests (never the submission's). An exercise
 * folder that is missing is still graded: every check then fails with "missing", so the score says what is absent.
 */
export function discoverSubmission(
  dir: string,
  ids: readonly ExerciseId[],
  definitions: (id: ExerciseId) => ExerciseDefinition,
  origin: Origin,
  student = origin === 'reference' ? 'reference' : basename(resolve(dir)),
): Submission {
  const root = exercisesRoot(dir)
  const exercises: Exercise[] = ids.map((id) => {
    const manifest = validateExerciseManifest(
      definitions(id).manifest,
      `grader/exercises/${id}/manifest.json`,
    )
    const exerciseDir = join(root, id)
    // The student kit ships the references compiled: sequential.js stands for sequential.ts there.
    const present = (file: string): boolean =>
      existsSync(join(exerciseDir, file)) ||
      (origin === 'reference' && existsSync(join(exerciseDir, file.replace(/\.ts$/, '.js'))))
    const missingFiles = Object.entries(manifest.entries)
      .filter(([, entry]) => !present(entry.file))
      .map(([name]) => name)
    return { manifest, dir: exerciseDir, missingFiles }
  })
  return {
    student,
    dir: relative(process.cwd(), root) || '.',
    origin,
    hash: hashSubmission(root, ids),
    exercises,
  }
}
