// discover → prepare data → run (isolated) → check → benchmark → score → report. Only this file composes stages.
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { benchmarkExercise, type BenchSettings } from './bench/bench.js'
import { runChecks } from './check/check.js'
import { gradeQuiz, type QuizKey } from './check/quiz.js'
import { typeWarnings } from './check/typecheck.js'
import type { GradingConfig } from './config.js'
import { discoverSubmission } from './discover/discover.js'
import type { ExerciseDefinition } from './exercises/definition.js'
import { definitionOf } from './exercises/index.js'
import { prepareDataset } from './prepare/prepare.js'
import { createBenchSide } from './run/bench-side.js'
import { IsolatedExercise } from './run/run-isolated.js'
import { resolveSandbox, type Sandbox } from './run/sandbox.js'
import { GradingError } from './errors.js'
import { shellCommand, shellOf, withSecretVariable, type ShellKind } from './report/shell.js'
import { checksTmpDir } from './run/temp-space.js'
import { projectNodeModules, Workspace } from './run/workspace.js'
import { speedChecks } from './score/speed-checks.js'
import { totalScore } from './score/score.js'
import type {
  CheckResult,
  Dashboard,
  DataSize,
  Exercise,
  ExerciseGrade,
  ExerciseId,
  GradeOptions,
  PipelineEvents,
  Submission,
  SubmissionGrade,
} from './types.js'
import { machineInfo } from './util/machine.js'
import { graderVersion } from './version.js'

export const solutionsDir = fileURLToPath(new URL('../solutions/', import.meta.url))

function benchSettings(config: GradingConfig, quick: boolean): BenchSettings {
  const { rounds, limits, speed } = config
  return {
    minRounds: quick ? rounds.quickMin : rounds.min,
    maxRounds: quick ? rounds.quickMax : rounds.max,
    samplesPerRound: rounds.samplesPerRound,
    targetSampleMs: quick ? rounds.quickTargetSampleMs : rounds.targetSampleMs,
    budgetMs: quick ? rounds.quickBudgetMs : rounds.budgetMs,
    timeoutFactor: limits.benchTimeoutFactor,
    minTimeoutMs: limits.minBenchTimeoutMs,
    maxRelativeWidth: speed.maxRelativeWidth,
    confidence: speed.confidence,
    resamples: speed.bootstrapResamples,
    busyCores: speed.busyMachineCores,
  }
}

function readQuizKey(exerciseId: string): QuizKey | undefined {
  const path = fileURLToPath(new URL(`./exercises/${exerciseId}/quiz-key.json`, import.meta.url))
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as QuizKey) : undefined
}

function countChecks(exercise: Exercise): number {
  return exercise.manifest.checks.reduce((n, c) => n + (c.entries === 'all' ? 1 : c.entries.length), 0)
}

interface ExerciseJob {
  exercise: Exercise
  referenceExercise: Exercise
  options: GradeOptions
  config: GradingConfig
  workspace: Workspace
  events: PipelineEvents
  sandbox: Sandbox
}

function isolationOf(job: ExerciseJob, key: 'student' | 'reference', dataPaths: string[]) {
  const exercise = key === 'student' ? job.exercise : job.referenceExercise
  const wrapper = job.sandbox.wrapper ? { wrapper: job.sandbox.wrapper } : {}
  const memoryMb = job.config.limits.memoryMb?.[exercise.manifest.id]
  return IsolatedExercise.create({
    workspace: job.workspace,
    key,
    exercise,
    dataPaths,
    ...wrapper,
    ...(memoryMb ? { memoryMb } : {}),
  })
}

/** The dashboard drawn from the student's own validated value; none when the check failed or the charts throw. */
function dashboardOf(
  definition: ExerciseDefinition,
  entries: readonly string[],
  passed: Map<string, unknown>,
): Dashboard | undefined {
  const spec = definition.dashboard
  const entry = entries.find((e) => spec?.checks.every((check) => passed.has(`${check}/${e}`)))
  if (!spec || entry === undefined) return undefined
  try {
    const panels = spec.panels(passed.get(`${spec.checks[0]!}/${entry}`))
    return { source: `your ${entry} strategy's report on ${spec.source}`, panels }
  } catch {
    return undefined
  }
}

const dataProgress =
  ({ exercise, events }: ExerciseJob) =>
  (size: DataSize, done: number, total: number): void =>
    events.onDataProgress?.(exercise.manifest.id, size, done, total)

/** Correctness checks, the quiz and the given type warnings of one exercise (no benchmark). */
async function checkExercise(job: ExerciseJob, warnings: Promise<string[]>): Promise<ExerciseGrade> {
  const { exercise, options, events } = job
  const { manifest } = exercise
  const definition = definitionOf(manifest.id)
  const dataset = await prepareDataset(manifest.id, { ...options, bench: false }, dataProgress(job))
  const student = await isolationOf(job, 'student', dataset.readPaths)
  const checks: CheckResult[] = []
  const passedValues = new Map<string, unknown>()
  const onPassedValue = (checkId: string, entry: string, value: unknown): void => {
    if (definition.dashboard?.checks.includes(checkId)) passedValues.set(`${checkId}/${entry}`, value)
  }
  try {
    events.onExerciseStart?.(manifest.id, 'checks', countChecks(exercise))
    const onCheck = (result: CheckResult): void => events.onCheck?.(result)
    checks.push(
      ...(await runChecks({
        definition,
        call: student.call.bind(student),
        seed: options.dataSeed,
        ...(dataset.checkDir ? { dataDir: dataset.checkDir } : {}),
        ...(options.callTimeoutsMs ? { callTimeoutsMs: options.callTimeoutsMs } : {}),
        onCheck,
        onPassedValue,
      })),
    )
    const key = manifest.quiz ? readQuizKey(manifest.id) : undefined
    if (manifest.quiz && key)
      checks.push(...gradeQuiz(manifest.id, exercise.dir, key, manifest.quiz.pointsPerQuestion))
  } finally {
    await student.close()
  }
  const dashboard = dashboardOf(definition, manifest.strategies, passedValues)
  return {
    exerciseId: manifest.id,
    title: manifest.title,
    checks,
    ...(dashboard ? { dashboard } : {}),
    // Files refused as links, FIFOs… (CONTRACT.md §7) are listed with the warnings, each with its fix.
    typeWarnings: [...(exercise.refusals ?? []), ...(await warnings)],
    ...totalScore(checks),
  }
}

/** The same-run benchmark of one exercise, student against reference, and the speed tests it scores. */
async function benchmarkExerciseOf(job: ExerciseJob, checked: ExerciseGrade): Promise<ExerciseGrade> {
  const { exercise, options, config, events } = job
  const { manifest } = exercise
  const definition = definitionOf(manifest.id)
  if (!definition.bench) return checked
  const dataset = await prepareDataset(manifest.id, options, dataProgress(job))
  const overrides = definition.bench.overrides?.[options.quick ? 'quick' : 'normal']
  const settings = { ...benchSettings(config, options.quick), ...overrides }
  events.onExerciseStart?.(manifest.id, 'bench', settings.maxRounds)
  const [student, reference] = await Promise.all([
    isolationOf(job, 'student', dataset.readPaths),
    isolationOf(job, 'reference', dataset.readPaths),
  ])
  const bench = await benchmarkExercise({
    exerciseId: manifest.id,
    definition: definition.bench,
    ...(dataset.benchDir ? { dataDir: dataset.benchDir } : {}),
    strategies: manifest.strategies,
    size: options.size,
    seed: options.dataSeed,
    student: createBenchSide('student', student),
    reference: createBenchSide('reference', reference),
    settings,
    cores: machineInfo().cores,
    onRound: (round, max) => events.onBenchRound?.(manifest.id, round, max),
  })
  const checks = [
    ...checked.checks.filter((c) => c.kind !== 'speed'),
    ...speedChecks(bench, manifest, config.speed),
  ]
  const withData = { ...bench, notes: [`Data: ${dataset.description}.`, ...bench.notes] }
  return { ...checked, checks, bench: withData, ...totalScore(checks) }
}

/**
 * The command that regrades one submission with this run's options: `target` is what to grade (['--demo'], or
 * ['--submission', PATH]), `out` where to write. Every argument is quoted for the machine's shell (POSIX shells;
 * PowerShell and cmd.exe on Windows: report/shell.ts), so that a path or a student id does only what it says when
 * pasted. The secret is referred to by its variable, never by value.
 */
export function regradeCommand(
  options: GradeOptions,
  target: readonly string[],
  out?: string,
  shell: ShellKind = shellOf(),
): string {
  const words = ['npm', 'run', 'grade', '--', ...target]
  words.push('--only', options.exercises.join(','), '--seed', String(options.seed), '--size', options.size)
  if (options.quick) words.push('--quick')
  if (!options.bench) words.push('--no-bench')
  for (const [id, path] of Object.entries(options.data)) words.push('--data', `${id}=${path}`)
  if (out) words.push('--out', out)
  const command = shellCommand(words, shell)
  return options.secretFingerprint ? withSecretVariable(command, options.secretFingerprint, shell) : command
}

interface Prepared {
  submission: Submission
  references: Submission
  sandbox: Sandbox
}

function prepareRun(options: GradeOptions): Prepared {
  const origin = options.demo ? 'reference' : 'student'
  const submission = discoverSubmission(
    options.submissionDir,
    options.exercises,
    definitionOf,
    origin,
    options.studentId,
  )
  const references = discoverSubmission(solutionsDir, options.exercises, definitionOf, 'reference')
  for (const [id, path] of Object.entries(options.data) as [ExerciseId, string][]) {
    if (!existsSync(path))
      throw new GradingError(`--data ${id}=${path}: no such file or folder. Give the path of the real data.`)
    const problem = options.bench ? definitionOf(id).bench?.dataProblem?.(path, options.size) : undefined
    if (problem) throw new GradingError(`--data ${id}=${path}: ${problem}.`)
  }
  const sandbox = resolveSandbox(options.sandbox)
  if (sandbox.refusal) {
    throw new GradingError(
      `--sandbox bwrap: ${sandbox.refusal}. Install bubblewrap, or run with --sandbox auto.`,
    )
  }
  return { submission, references, sandbox }
}

async function eachExercise(
  prepared: Prepared,
  options: GradeOptions,
  config: GradingConfig,
  events: PipelineEvents,
  grade: (job: ExerciseJob, index: number) => Promise<ExerciseGrade>,
  workspaceDir?: string,
): Promise<ExerciseGrade[]> {
  const workspace = new Workspace(workspaceDir)
  const grades: ExerciseGrade[] = []
  try {
    for (const [i, exercise] of prepared.submission.exercises.entries()) {
      const referenceExercise = prepared.references.exercises[i]!
      const job = {
        exercise,
        referenceExercise,
        options,
        config,
        workspace,
        events,
        sandbox: prepared.sandbox,
      }
      const exerciseGrade = await grade(job, i)
      events.onExerciseEnd?.(exerciseGrade)
      grades.push(exerciseGrade)
    }
  } finally {
    workspace.remove()
  }
  return grades
}

function withScore(grade: SubmissionGrade, exercises: ExerciseGrade[], startedAt: number): SubmissionGrade {
  return {
    ...grade,
    exercises,
    ...totalScore(exercises.flatMap((e) => e.checks)),
    durationMs: grade.durationMs + (Date.now() - startedAt),
  }
}

/** Correctness only (checks, quiz, type warnings) of one submission; `bench` in the result says what the run asked. */
export async function checkSubmission(
  options: GradeOptions,
  config: GradingConfig,
  events: PipelineEvents = {},
): Promise<SubmissionGrade> {
  const startedAt = new Date()
  const prepared = prepareRun(options)
  const { typeCheckTimeoutMs, typeCheckMemoryMb } = config.limits
  const dirs = prepared.submission.exercises.map((exercise) => exercise.dir)
  // Type-checked in a worker thread while the checks run in the children (typeWarnings never rejects). The
  // references (--demo) are type-checked with the project itself: starting a checker for them costs seconds of CPU.
  const warnings = options.demo
    ? Promise.resolve(dirs.map((): string[] => []))
    : typeWarnings(dirs, projectNodeModules, {
        ...(typeCheckTimeoutMs ? { timeoutMs: typeCheckTimeoutMs } : {}),
        ...(typeCheckMemoryMb ? { memoryMb: typeCheckMemoryMb } : {}),
      })
  const exercises = await eachExercise(
    prepared,
    options,
    config,
    events,
    (job, i) =>
      checkExercise(
        job,
        warnings.then((all) => all[i]!),
      ),
    checksTmpDir(),
  )
  return {
    schemaVersion: 1,
    graderVersion,
    student: prepared.submission.student,
    origin: prepared.submission.origin,
    submissionDir: prepared.submission.dir,
    submissionHash: prepared.submission.hash,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    seed: options.seed,
    ...(options.secretFingerprint ? { secretFingerprint: options.secretFingerprint } : {}),
    size: options.size,
    bench: options.bench,
    sandbox: prepared.sandbox.report,
    machine: machineInfo(),
    exercises,
    ...totalScore(exercises.flatMap((e) => e.checks)),
    regradeCommand:
      options.regradeCommand ??
      regradeCommand(options, options.demo ? ['--demo'] : ['--submission', options.submissionDir]),
  }
}

/** Adds the same-run benchmarks and their speed tests to a checked submission (one submission at a time). */
export async function benchmarkSubmission(
  checked: SubmissionGrade,
  options: GradeOptions,
  config: GradingConfig,
  events: PipelineEvents = {},
): Promise<SubmissionGrade> {
  const startedAt = Date.now()
  const prepared = prepareRun(options)
  const exercises = await eachExercise(prepared, options, config, events, (job, i) =>
    benchmarkExerciseOf(job, checked.exercises[i]!),
  )
  return { ...withScore(checked, exercises, startedAt), machine: machineInfo() }
}

/** Grades one submission end to end. Student failures are data in the result; only grader problems throw. */
export async function gradeSubmission(
  options: GradeOptions,
  config: GradingConfig,
  events: PipelineEvents = {},
): Promise<SubmissionGrade> {
  const checked = await checkSubmission(options, config, events)
  return options.bench ? benchmarkSubmission(checked, options, config, events) : checked
}
