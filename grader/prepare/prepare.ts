import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generators } from '../../datasets/generators/index.js'
import { GradingError } from '../errors.js'
import type { DataSize, ExerciseId, GradeOptions } from '../types.js'
import { removeAbandoned } from '../util/abandoned.js'

export const cacheRoot = fileURLToPath(new URL('../../datasets/.cache/', import.meta.url))
const completeMarker = '.complete'

export interface Dataset {
  exerciseId: ExerciseId
  /** Folders the sandboxed child must be able to read (generated or real data). */
  readPaths: string[]
  /** The tiny data set, which every check runs on (undefined for in-memory data). */
  checkDir?: string
  /** The data set of the run's size for the benchmark, or the real data given with --data. */
  benchDir?: string
  description: string
}

/**
 * Half-written sets of `dir` whose generating process is gone (interrupted with Ctrl-C, or killed): a full CelebA
 * set left behind takes gigabytes. A live generator's folder is left alone.
 */
const removeAbandonedPartials = (dir: string): void =>
  removeAbandoned(dirname(dir), `${basename(dir)}.partial-`)

/** The cached data set of one exercise, size and seed: generated once, then reused (CONTRACT.md §4). */
export async function cachedDataset(
  exerciseId: ExerciseId,
  size: DataSize,
  seed: number,
  onProgress?: (done: number, total: number) => void,
): Promise<string> {
  const generator = generators[exerciseId]
  if (!generator) throw new GradingError(`no data generator for exercise "${exerciseId}"`)
  const dir = join(cacheRoot, exerciseId, `${size}-${seed}`)
  if (existsSync(join(dir, completeMarker))) return dir
  removeAbandonedPartials(dir)
  const partial = `${dir}.partial-${process.pid}`
  rmSync(partial, { recursive: true, force: true })
  mkdirSync(partial, { recursive: true })
  try {
    await generator.generate({ size, seed, dir: partial, ...(onProgress ? { onProgress } : {}) })
    writeFileSync(join(partial, completeMarker), `${new Date().toISOString()}\n`)
    rmSync(dir, { recursive: true, force: true })
    renameSync(partial, dir)
  } catch (error) {
    rmSync(partial, { recursive: true, force: true })
    throw error
  }
  return dir
}

/**
 * The data of an exercise for this run: the tiny set for the checks, the run's size (or the real data given with
 * --data) for the benchmark. `sum` builds its arrays inside the child from small descriptors: nothing on disk.
 */
export async function prepareDataset(
  exerciseId: ExerciseId,
  options: Pick<GradeOptions, 'size' | 'data' | 'dataSeed' | 'bench'>,
  onProgress?: (size: DataSize, done: number, total: number) => void,
): Promise<Dataset> {
  if (!generators[exerciseId]) {
    return { exerciseId, readPaths: [], description: `in memory, ${options.size} size, from the run's seed` }
  }
  const progressOf = (size: DataSize) =>
    onProgress ? (done: number, total: number) => onProgress(size, done, total) : undefined
  const checkDir = await cachedDataset(exerciseId, 'tiny', options.dataSeed, progressOf('tiny'))
  const real = options.data[exerciseId]
  const benchDir =
    real ??
    (options.bench
      ? await cachedDataset(exerciseId, options.size, options.dataSeed, progressOf(options.size))
      : undefined)
  const readPaths = [checkDir, ...(benchDir && benchDir !== checkDir ? [benchDir] : [])]
  const what = real
    ? `real data at ${real}${statSync(real).isDirectory() ? '/' : ''}`
    : `generated ${options.size} data`
  return {
    exerciseId,
    readPaths,
    checkDir,
    ...(benchDir ? { benchDir } : {}),
    description: `checks on generated tiny data; benchmark on ${what}`,
  }
}
