// Batch grading of a class: correctness in parallel across students, then benchmarks one student at a time.
import { createHash } from 'node:crypto'
import { readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import type { GradingConfig } from '../config.js'
import { exercisesRoot, hasExerciseFolder, hashSubmission } from '../discover/discover.js'
import { extractSubmission, type ExtractLimits, UnreadableSubmission } from '../discover/extract.js'
import { readRoster, type RosterEntry } from '../discover/roster.js'
import { similarityToReference } from '../check/similarity.js'
import { definitionOf } from '../exercises/index.js'
import { GradingError } from '../errors.js'
import { benchmarkSubmission, checkSubmission, regradeCommand, solutionsDir } from '../pipeline.js'
import { writeJsonAtomically, writeSubmissionReports } from '../report/write.js'
import { selectShard, type Shard } from '../shard/shard.js'
import type { ClassRun, ExerciseGrade, GradeOptions, StudentRow, SubmissionGrade } from '../types.js'
import { ownedTempDir } from '../util/abandoned.js'
import { machineInfo } from '../util/machine.js'
import { graderVersion } from '../version.js'
import { createEventLog, type EventLog } from './events.js'
import { pseudonymOf } from './pseudonym.js'
import { studentRow, unfinishedRow } from './student-row.js'

/** Share of a submission's code shape found in the references' above which the class report flags it. */
const referenceMatchThreshold = 0.75

export interface BatchOptions extends GradeOptions {
  submissionsDir: string
  jobs: number
  force: boolean
  shard?: Shard
  secret?: string
  /** Caps on a student's archive (tests lower them); the defaults are extract.ts's. */
  extractLimits?: ExtractLimits
}

/**
 * Statuses that stand on a rerun when nothing changed: what the student handed in decided them. `crashed` is the
 * grader's fault (it could not finish), so a rerun grades that student again. `timed-out` is the student's code
 * using the whole budget although each call was bounded; `unreadable` is what they handed in (and has no hash).
 */
const finalStatuses: ReadonlySet<StudentRow['status']> = new Set(['graded', 'timed-out', 'unreadable'])

export interface BatchProgress {
  onStart?(total: number): void
  onStudent?(row: StudentRow, resumed: boolean): void
}

export interface BatchResult {
  run: ClassRun
  /** "ana: 30 → 35" for every student whose score changed since the previous run into the same folder. */
  changes: string[]
  resumed: number
  /** Wall time of the benchmark phase per benchmarked submission. */
  benchMsPerSubmission?: number
}

/** What must match for a student to be skipped on a rerun into the same folder (CONTRACT.md §4). */
/** What must match for a stored grade to stand: the grader and every option that changes a grade. */
export function runKey(options: BatchOptions): string {
  const { seed, secretFingerprint, exercises, size, bench, quick, data } = options
  return createHash('sha256')
    .update(JSON.stringify({ graderVersion, seed, secretFingerprint, exercises, size, bench, quick, data }))
    .digest('hex')
}

interface StoredRow {
  runKey: string
  row: StudentRow
}

function readStored(path: string): StoredRow | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as StoredRow
  } catch {
    return undefined
  }
}

interface Job {
  entry: RosterEntry
  dir?: string
  hash?: string
  unreadable?: string
  previous?: StoredRow
}

/**
 * Opens one student's entry: a folder as it is, an archive unpacked (bounded in size, entries and time: that is the
 * student's work, done in the student's own lane). Whatever cannot be opened is the student's `unreadable` reason.
 */
async function openEntry(entry: RosterEntry, unpackRoot: string, options: BatchOptions): Promise<Job> {
  if (entry.kind === 'refused') return { entry, unreadable: entry.reason ?? 'not a folder or an archive' }
  try {
    const dir =
      entry.kind === 'folder'
        ? entry.path
        : await extractSubmission(entry.path, join(unpackRoot, entry.student), options.extractLimits)
    const root = exercisesRoot(dir)
    if (!options.exercises.some((id) => hasExerciseFolder(root, id))) {
      return { entry, unreadable: `no exercise folder (${options.exercises.join(', ')}) in the submission` }
    }
    return { entry, dir, hash: hashSubmission(root, options.exercises) }
  } catch (error) {
    const reason = error instanceof UnreadableSubmission ? error.message : (error as Error).message
    return { entry, unreadable: reason }
  }
}

function studentOptions(job: Job, options: BatchOptions): GradeOptions {
  const out = join(options.outDir, 'students', job.entry.student)
  return {
    ...options,
    submissionDir: job.dir!,
    studentId: job.entry.student,
    demo: false,
    regradeCommand: regradeCommand(options, ['--submission', job.entry.path], out),
  }
}

/** The exercises whose code is the references' (CONTRACT.md §7: the kit's bundle is runnable code). */
function referenceMatches(dir: string, options: BatchOptions): NonNullable<StudentRow['referenceMatches']> {
  const root = exercisesRoot(dir)
  return options.exercises
    .map((exerciseId) => ({
      exerciseId,
      similarity:
        Math.round(similarityToReference(join(root, exerciseId), join(solutionsDir, exerciseId)) * 100) / 100,
    }))
    .filter((match) => match.similarity >= referenceMatchThreshold)
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timed-out'> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<'timed-out'>((resolve) => (timer = setTimeout(() => resolve('timed-out'), ms)))
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/**
 * Runs `work` over the items with at most `jobs` at once, in order of start. The first failure stops every lane from
 * starting another item and is thrown once all lanes have stopped (nothing is left running behind the caller).
 */
async function inParallel<T>(
  items: readonly T[],
  jobs: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0
  let failed = false
  const lanes = Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, async () => {
    while (!failed && next < items.length) {
      try {
        await work(items[next++]!)
      } catch (error) {
        failed = true
        throw error
      }
    }
  })
  const settled = await Promise.allSettled(lanes)
  const failure = settled.find((lane) => lane.status === 'rejected')
  if (failure) throw failure.reason
}

class Batch {
  readonly rows = new Map<string, StudentRow>()
  readonly changes: string[] = []
  resumed = 0
  readonly key: string
  readonly options: BatchOptions
  readonly config: GradingConfig
  readonly log: EventLog
  readonly progress: BatchProgress

  constructor(options: BatchOptions, config: GradingConfig, log: EventLog, progress: BatchProgress) {
    this.options = options
    this.config = config
    this.log = log
    this.progress = progress
    this.key = runKey(options)
  }

  rowPath(student: string): string {
    return join(this.options.outDir, 'students', student, 'row.json')
  }

  finish(job: Job, row: StudentRow, resumed = false): void {
    const final: StudentRow = { ...row, ...(this.options.shard ? { shard: this.options.shard.current } : {}) }
    this.rows.set(row.student, final)
    if (!resumed) {
      writeJsonAtomically(this.rowPath(row.student), { runKey: this.key, row: final } satisfies StoredRow)
      const before = job.previous?.row
      if (before && before.score !== final.score) {
        this.changes.push(`${row.student}: ${before.score} → ${final.score} (of ${final.maxScore})`)
      }
    } else this.resumed++
    this.log.write({ type: 'student', row: final, resumed })
    this.progress.onStudent?.(final, resumed)
  }

  async writeStudent(job: Job, grade: SubmissionGrade): Promise<void> {
    const dir = join(this.options.outDir, 'students', job.entry.student)
    await writeSubmissionReports(
      { ...grade, pseudonym: pseudonymOf(job.entry.student, this.options.secret) },
      dir,
    )
    const reportPath = relative(this.options.outDir, join(dir, 'index.html'))
    const row = studentRow(grade, pseudonymOf(job.entry.student, this.options.secret), reportPath)
    const matches = referenceMatches(job.dir!, this.options)
    this.finish(job, matches.length > 0 ? { ...row, referenceMatches: matches } : row)
  }

  failed(job: Job, status: Exclude<StudentRow['status'], 'graded'>, reason: string): void {
    this.finish(
      job,
      unfinishedRow(
        job.entry.student,
        pseudonymOf(job.entry.student, this.options.secret),
        status,
        reason,
        job.hash,
      ),
    )
  }

  async check(job: Job, options: BatchOptions): Promise<SubmissionGrade | undefined> {
    try {
      const graded = await withTimeout(
        checkSubmission(studentOptions(job, options), this.config),
        this.config.limits.submissionTimeoutMs,
      )
      if (graded !== 'timed-out') return graded
      this.failed(
        job,
        'timed-out',
        `its checks took more than ${this.config.limits.submissionTimeoutMs / 1000} s in all`,
      )
    } catch (error) {
      this.failed(job, 'crashed', `the grader could not finish it: ${(error as Error).message}`)
    }
    return undefined
  }
}

/**
 * The references' own checks, run first: if they fail, nothing else can be trusted (stop); if they pass, each
 * student call gets a limit scaled from the reference's time for the same call, so a hung submission costs seconds.
 */
async function referenceTimeouts(
  options: BatchOptions,
  config: GradingConfig,
): Promise<Record<string, number>> {
  // One exercise per job, so that this pass, which every student waits for, uses all the cores.
  const graded = new Map<string, ExerciseGrade[]>()
  await inParallel(options.exercises, options.jobs, async (id) => {
    const reference = await checkSubmission(
      {
        ...options,
        exercises: [id],
        submissionDir: solutionsDir,
        demo: true,
        studentId: 'reference',
        bench: false,
      },
      config,
    )
    graded.set(id, reference.exercises)
  })
  const exercises = options.exercises.flatMap((id) => graded.get(id)!)
  const checks = exercises.flatMap((e) => e.checks)
  const failing = checks.find((c) => c.kind === 'correctness' && c.status === 'failed')
  if (failing) {
    throw new GradingError(
      `the reference solutions fail "${failing.exerciseId} › ${failing.strategy} › ${failing.name}" (${failing.message ?? ''}): the grader or its data is broken on this machine. Run npm test.`,
    )
  }
  return scaledCallTimeouts(exercises, config.limits)
}

/**
 * Each student call's limit from the reference's time for the same call: factor × time + minimum, at most the
 * manifest's limit. Checks without a time (not run) get none, so the manifest's limit applies to them.
 */
export function scaledCallTimeouts(
  exercises: ExerciseGrade[],
  limits: Pick<GradingConfig['limits'], 'callTimeoutFactor' | 'minCallTimeoutMs'>,
): Record<string, number> {
  const { callTimeoutFactor, minCallTimeoutMs } = limits
  const timeouts: Record<string, number> = {}
  for (const exercise of exercises) {
    const limit = definitionOf(exercise.exerciseId).manifest.limits.callTimeoutMs
    for (const check of exercise.checks) {
      if (check.durationMs === undefined) continue
      const scaled = Math.round(callTimeoutFactor * check.durationMs + minCallTimeoutMs)
      timeouts[`${check.exerciseId}/${check.checkId}/${check.strategy}`] = Math.min(limit, scaled)
    }
  }
  return timeouts
}

/** Students who could not be graded get the class's maximum, so that the gradebook's max column is one number. */
export function withClassMaximum(rows: StudentRow[]): StudentRow[] {
  const maximum = Math.max(0, ...rows.filter((row) => row.status === 'graded').map((row) => row.maxScore))
  return rows.map((row) => (row.status === 'graded' ? row : { ...row, maxScore: maximum }))
}

/**
 * Grades every student of `submissionsDir` (or one shard of them) into OUT/students/<id>/, logging one event per
 * student. A rerun into the same OUT skips students whose grader version, submission and run options all match.
 */
export async function gradeClass(
  options: BatchOptions,
  config: GradingConfig,
  progress: BatchProgress = {},
): Promise<BatchResult> {
  const startedAt = new Date()
  const roster = readRoster(options.submissionsDir)
  const selected = options.shard ? selectShard(roster, options.shard) : roster
  const logName = options.shard
    ? `shard-${options.shard.current}-of-${options.shard.total}.jsonl`
    : 'events.jsonl'
  const log = createEventLog(join(options.outDir, logName))
  const batch = new Batch(options, config, log, progress)
  const unpackRoot = ownedTempDir(tmpdir(), 'parlab-class-')
  log.write({
    type: 'begin',
    schemaVersion: 1,
    graderVersion,
    runKey: batch.key,
    startedAt: startedAt.toISOString(),
    ...(options.shard ? { shard: options.shard } : {}),
    machine: machineInfo(),
    options: {
      seed: options.seed,
      ...(options.secretFingerprint ? { secretFingerprint: options.secretFingerprint } : {}),
      size: options.size,
      bench: options.bench,
      quick: options.quick,
      exercises: options.exercises,
    },
    students: selected.map((entry) => entry.student),
  })
  let benchMsPerSubmission: number | undefined
  progress.onStart?.(selected.length)
  // Every student's lane opens (unpacks) their entry, then grades them: an archive that is slow or refused costs
  // only its own lane. The references' timings, which grading needs, are measured once, when the first student
  // needs them (a resumed run may have no one left to grade).
  let scaled: Promise<BatchOptions> | undefined
  const scaledOptions = (): Promise<BatchOptions> =>
    (scaled ??= referenceTimeouts(options, config).then((callTimeoutsMs) => ({ ...options, callTimeoutsMs })))
  try {
    const checked = new Map<Job, SubmissionGrade>()
    await inParallel(selected, options.jobs, async (entry) => {
      const job = await openEntry(entry, unpackRoot, options)
      const previous = readStored(batch.rowPath(entry.student))
      if (previous) job.previous = previous
      const unchanged =
        previous?.runKey === batch.key &&
        previous.row.submissionHash === job.hash &&
        job.hash !== undefined &&
        finalStatuses.has(previous.row.status)
      if (unchanged && !options.force) return batch.finish(job, previous.row, true)
      if (job.unreadable) return batch.failed(job, 'unreadable', job.unreadable)
      const grade = await batch.check(job, await scaledOptions())
      if (!grade) return
      if (options.bench) checked.set(job, grade)
      else await batch.writeStudent(job, grade)
    })
    // Benchmarks run one submission at a time, with nothing else running.
    const benchStarted = Date.now()
    for (const [job, grade] of checked) {
      try {
        await batch.writeStudent(job, await benchmarkSubmission(grade, studentOptions(job, options), config))
      } catch (error) {
        batch.failed(job, 'crashed', `the benchmark could not finish: ${(error as Error).message}`)
      }
    }
    if (checked.size > 0) benchMsPerSubmission = (Date.now() - benchStarted) / checked.size
  } finally {
    rmSync(unpackRoot, { recursive: true, force: true })
  }
  const run: ClassRun = {
    schemaVersion: 1,
    graderVersion,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    seed: options.seed,
    ...(options.secretFingerprint ? { secretFingerprint: options.secretFingerprint } : {}),
    size: options.size,
    bench: options.bench,
    exercises: options.exercises,
    machines: [{ ...(options.shard ? { shard: options.shard.current } : {}), machine: machineInfo() }],
    students: withClassMaximum(
      selected.map((entry) => batch.rows.get(entry.student)).filter((row) => row !== undefined),
    ),
  }
  log.write({ type: 'end', durationMs: run.durationMs })
  await log.close()
  return {
    run,
    changes: batch.changes,
    resumed: batch.resumed,
    ...(benchMsPerSubmission === undefined ? {} : { benchMsPerSubmission }),
  }
}
