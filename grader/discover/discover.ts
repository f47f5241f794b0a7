import { Ajv } from 'ajv'
import { createHash } from 'node:crypto'
import { realpathSync } from 'node:fs'
import { basename, join, relative, resolve } from 'node:path'
import { GradingError } from '../errors.js'
import type { ExerciseDefinition } from '../exercises/definition.js'
import type { Exercise, ExerciseId, ExerciseManifest, Origin, Submission } from '../types.js'
import {
  lstatOrUndefined,
  readSubmissionFile,
  RefusedFile,
  folderFix,
  refusalOf,
  scanSourceFiles,
} from '../util/source-files.js'
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

/**
 * A submission is a folder shaped like exercises/, or a folder that holds one. The path given may be a link (it is
 * resolved once, here); nothing below it is followed: an exercises/ folder that is a link is refused (CONTRACT.md §7).
 */
export function exercisesRoot(dir: string): string {
  let root: string
  try {
    root = realpathSync(resolve(dir))
  } catch {
    root = resolve(dir)
  }
  if (!lstatOrUndefined(root)?.isDirectory()) {
    throw new GradingError(
      `${dir}: no such folder. Pass a folder shaped like exercises/ (e.g. --submission ./exercises).`,
    )
  }
  const inner = lstatOrUndefined(join(root, 'exercises'))
  if (inner && !inner.isDirectory() && !inner.isFile()) {
    throw new GradingError(`${dir}: ${refusalOf('exercises', inner, folderFix).message}`)
  }
  return inner?.isDirectory() ? join(root, 'exercises') : root
}

/** Whether an exercise folder is there at all (a link counts: it is there, and refused with the reason). */
export function hasExerciseFolder(root: string, id: ExerciseId): boolean {
  return lstatOrUndefined(join(root, id)) !== undefined
}

/**
 * sha256 over the sorted relative paths and contents of every source file of the graded exercises, and over the
 * names of what was refused (links are never read, so what they point at cannot change the hash).
 */
export function hashSubmission(root: string, ids: readonly ExerciseId[]): string {
  const hash = createHash('sha256')
  for (const id of ids) {
    const dir = join(root, id)
    const { files, refused } = scanSourceFiles(dir, id)
    for (const file of files) {
      hash.update(`${id}/${file}\0`)
      try {
        hash.update(readSubmissionFile(join(dir, file), `${id}/${file}`))
      } catch (error) {
        if (!(error instanceof RefusedFile)) throw error
        hash.update(`refused: ${error.message}`)
      }
      hash.update('\0')
    }
    for (const { reason } of refused) hash.update(`refused\0${reason}\0`)
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
  try {
    return discoverIn(root, ids, definitions, origin, student)
  } catch (error) {
    if (error instanceof RefusedFile) throw new GradingError(`${dir}: ${error.message}`, { cause: error })
    throw error
  }
}

function discoverIn(
  root: string,
  ids: readonly ExerciseId[],
  definitions: (id: ExerciseId) => ExerciseDefinition,
  origin: Origin,
  student: string,
): Submission {
  const exercises: Exercise[] = ids.map((id) => {
    const manifest = validateExerciseManifest(
      definitions(id).manifest,
      `grader/exercises/${id}/manifest.json`,
    )
    const exerciseDir = join(root, id)
    const { files, refused } = scanSourceFiles(exerciseDir, id)
    const listed = new Set(files)
    // The student kit ships the references compiled: sequential.js stands for sequential.ts there.
    const present = (file: string): boolean =>
      listed.has(file) || (origin === 'reference' && listed.has(file.replace(/\.ts$/, '.js')))
    const missingFiles = Object.entries(manifest.entries)
      .filter(([, entry]) => !present(entry.file))
      .map(([name]) => name)
    // A missing entry whose file (or the exercise folder) was refused says why, with the fix.
    const refusedEntries: Record<string, string> = {}
    for (const name of missingFiles) {
      const file = manifest.entries[name]!.file
      const refusal = refused.find((r) => r.file === '' || r.file === file || file.startsWith(`${r.file}/`))
      if (refusal) refusedEntries[name] = refusal.reason
    }
    return {
      manifest,
      dir: exerciseDir,
      missingFiles,
      ...(refused.length > 0 ? { refusedEntries, refusals: refused.map((r) => r.reason) } : {}),
    }
  })
  return {
    student,
    dir: relative(process.cwd(), root) || '.',
    origin,
    hash: hashSubmission(root, ids),
    exercises,
  }
}
