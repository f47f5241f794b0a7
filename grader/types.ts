// The data that flows between the grader's stages. No logic here: stages talk only through these types.

export type ExerciseId = 'sum' | 'explore' | 'greyscale' | 'access-logs' | 'log-analytics'
export const exerciseIds: readonly ExerciseId[] = [
  'sum',
  'explore',
  'greyscale',
  'access-logs',
  'log-analytics',
]

export type Strategy = 'sequential' | 'parallel' | 'concurrent'
export type Origin = 'student' | 'reference'
export type DataSize = 'tiny' | 'small' | 'full'
export type SandboxMode = 'auto' | 'bwrap' | 'none'
export type Visibility = 'visible' | 'after_published'
export type Verdict = 'faster' | 'equal' | 'slower' | 'inconclusive' | 'not-measurable'

/** Plain, serialisable form of an error (crosses process and shard boundaries). */
export interface SerializedError {
  name: string
  message: string
  stack?: string
  code?: string
}

/** The grader's own manifest of an exercise (grader/exercises/<id>/manifest.json). */
export interface ExerciseManifest {
  id: ExerciseId
  title: string
  /** Strategy (or a helper function such as `luma`) → the file and export that implement it. */
  entries: Record<string, { file: string; export: string; sync?: boolean }>
  /** Strategies whose speed is measured, in the order shown. */
  strategies: Strategy[]
  checks: CheckSpec[]
  quiz?: { pointsPerQuestion: number }
  limits: { callTimeoutMs: number; memoryMb: number }
  /** Node permission-model extras the exercise needs (e.g. native addons for sharp). */
  permissions?: { addons?: boolean }
}

export interface CheckSpec {
  /** Stable id, e.g. "remainder-not-divisible". */
  id: string
  /** Shown in reports: "length not divisible by the worker count". */
  name: string
  /** The entries this check runs on, or "all" for a check that compares them. */
  entries: string[] | 'all'
  points: number
  visibility: Visibility
}

export interface Exercise {
  manifest: ExerciseManifest
  /** The exercise's folder inside the submission. */
  dir: string
  /** Entries whose file is missing from the submission. */
  missingFiles: string[]
  /** Why a missing entry's file was refused (a link, a FIFO…: CONTRACT.md §7), by entry name; the fix included. */
  refusedEntries?: Record<string, string>
  /** Every file or folder of the exercise refused that way (reasons naming the file and the fix). */
  refusals?: string[]
}

export interface Submission {
  /** Student id (folder or archive name), "reference" for --demo. */
  student: string
  dir: string
  origin: Origin
  /** sha256 over the submission's files (sorted paths and contents). */
  hash: string
  exercises: Exercise[]
}

export interface GradeOptions {
  exercises: ExerciseId[]
  size: DataSize
  quick: boolean
  bench: boolean
  /** The public seed (shown in reports). */
  seed: number
  /** The seed the data and inputs are made from: the public seed, mixed with PARLAB_SECRET when it is set. */
  dataSeed: number
  /** First 12 hex digits of sha256(PARLAB_SECRET), when it is set; never the secret itself. */
  secretFingerprint?: string
  sandbox: SandboxMode
  outDir: string
  submissionDir: string
  demo: boolean
  /** Real data by exercise id (`--data ID=PATH`). */
  data: Partial<Record<ExerciseId, string>>
  /** The student's id (batch: the entry's name); by default the submission folder's name. */
  studentId?: string
  /** The command shown in reports to regrade this submission (batch sets its own). */
  regradeCommand?: string
  /** Per-call timeouts in ms by "<exercise>/<check>/<strategy>", scaled from the reference's own times (batch). */
  callTimeoutsMs?: Record<string, number>
}

/** How an argument reaches student code: plain data, an input built inside the child, or a callback. */
export type ArgSpec =
  | { kind: 'value'; value: unknown }
  | { kind: 'input'; name: string; params: unknown }
  | { kind: 'progress-callback' }
  /** A path inside the child's scratch folder (not created): where the call may write its output. */
  | { kind: 'scratch-path'; name: string }

/** What a call into the student's code came to. Failures of student code are data, never exceptions. */
export type RunOutcome =
  | { state: 'returned'; value: unknown; wasPromise: boolean; durationMs: number; progressCalls?: number }
  | { state: 'threw'; error: SerializedError; durationMs: number }
  | { state: 'missing-export'; exportName: string; available: string[] }
  | { state: 'load-failed'; error: SerializedError }
  | { state: 'timed-out'; timeoutMs: number }
  /** residentMb counts the files written to a scratch folder in memory (scratchMb of it), if any. */
  /** stillGrowing: stopped when even its stretched time was up, still filling memory below the limit. */
  | { state: 'out-of-memory'; limitMb: number; residentMb: number; scratchMb?: number; stillGrowing?: true }
  /** reason: why the grader ended it (what it did on the channel to the grader), if it did. */
  | { state: 'crashed'; exitCode: number | null; signal: string | null; reason?: string }
  | { state: 'skipped'; reason: string }

export interface CallResult {
  outcome: RunOutcome
  /** The child's scratch folder (the grader may read what the call wrote there). */
  scratchDir?: string
  /** Messages the student's code sent the grader itself during the call (ignored, and a failure). */
  forgedReplies?: number
  /** The tail of the child's stderr when the call did not return. */
  stderrTail?: string
}

/** Calls one entry (strategy) of the exercise under test, isolated; never throws for student failures. */
export type Caller = (entry: string, args: ArgSpec[], timeoutMs: number) => Promise<CallResult>

export interface CheckResult {
  exerciseId: ExerciseId
  /** An entry name (strategy), or "all". */
  strategy: string
  checkId: string
  name: string
  kind: 'correctness' | 'speed' | 'quiz'
  status: 'passed' | 'failed'
  points: number
  maxPoints: number
  visibility: Visibility
  /** What was expected, what came back, and why (multi-line, plain text). */
  message?: string
  /** A hint for a known classic mistake. */
  hint?: string
  /** Tail of the child's stderr when the call failed. */
  stderrTail?: string
  verdict?: Verdict
  /** Speed tests: the measured ratio and its confidence interval. */
  ratio?: RatioEstimate
  /** Correctness checks: how long the call took, as the child measured it (used to size timeouts). */
  durationMs?: number
}

/** A median of paired per-round ratios with a bootstrap confidence interval. */
export interface RatioEstimate {
  median: number
  low: number
  high: number
  rounds: number
  confidence: number
}

export interface LatencyStats {
  /** Per call, in milliseconds. */
  mean: number
  p50: number
  p75: number
  p99: number
  /** Relative margin of error, in percent. */
  rme: number
  samples: number
}

/** One strategy of one side (student or reference), measured over all rounds. */
export interface StrategyTiming {
  strategy: Strategy
  origin: Origin
  state: 'completed' | 'failed' | 'skipped'
  reason?: string
  latencyMs?: LatencyStats
  /** Per-round median time per call, in ms (the values the paired ratios are made of). */
  roundMs?: number[]
  /** Time per call of every timed sample, in ms, in the order taken (their spread judges an inconclusive ratio). */
  samplesMs?: number[]
  /** Work items per second (values summed, images converted, lines read). */
  itemsPerSecond?: number
  /** CPU time of the whole process tree over wall time while this strategy ran (>1 means real parallelism). */
  cpuPerWall?: number
  /** Speed-up over the same side's sequential strategy (median of per-round ratios). */
  speedup?: RatioEstimate
}

export interface ExerciseBench {
  exerciseId: ExerciseId
  size: DataSize
  /** Items per call (e.g. values per sum). */
  itemsPerCall: number
  itemLabel: string
  callsPerSample: number
  rounds: number
  timings: StrategyTiming[]
  /** student time / reference time per strategy. */
  ratioToReference: Partial<Record<Strategy, RatioEstimate>>
  /** student speed-up / reference speed-up per strategy. */
  speedupRatio: Partial<Record<Strategy, RatioEstimate>>
  cores: number
  /** Cores' worth of CPU that other work on the machine used, on average, while this benchmark ran. */
  externalLoad?: number
  notes: string[]
}

/** One chart of an exercise's dashboard: labelled values, drawn as horizontal bars or as columns (e.g. by hour). */
export interface DashboardPanel {
  title: string
  kind: 'bars' | 'columns'
  /** [label, value] in the order drawn. */
  data: [string, number][]
  /** What the values count ("requests", "failed logins"). */
  unit: string
  note?: string
}

/** Charts drawn from the student's own result of one check, once that check has passed against the reference. */
export interface Dashboard {
  /** Where the values come from, in words ("your sequential strategy on the tiny data set"). */
  source: string
  panels: DashboardPanel[]
}

export interface ExerciseGrade {
  exerciseId: ExerciseId
  title: string
  checks: CheckResult[]
  /** Present when the exercise defines a dashboard and its check passed. */
  dashboard?: Dashboard
  bench?: ExerciseBench
  /** TypeScript diagnostics in the submission: shown as warnings, never a reason not to grade. */
  typeWarnings: string[]
  score: number
  maxScore: number
}

export interface MachineInfo {
  cpu: string
  cores: number
  loadAverage: number[]
  node: string
  platform: string
  memoryGb: number
}

export interface SubmissionGrade {
  schemaVersion: 1
  graderVersion: string
  student: string
  /** Batch runs: the student's leaderboard pseudonym, so that they can find themselves on it. */
  pseudonym?: string
  origin: Origin
  submissionDir: string
  submissionHash: string
  startedAt: string
  durationMs: number
  seed: number
  secretFingerprint?: string
  size: DataSize
  bench: boolean
  sandbox: { mode: 'bwrap' | 'permission-model'; guarantees: string[]; dropped: string[] }
  machine: MachineInfo
  exercises: ExerciseGrade[]
  score: number
  maxScore: number
  regradeCommand: string
}

/** One side of a benchmark (student or reference), as the bench stage drives it; implemented by the run stage. */
export interface BenchSide {
  origin: Origin
  /** Why this entry cannot be timed at all (missing, not compiling), or undefined. */
  unavailable(entry: string): string | undefined
  /** Starts (or restarts) a fresh child with the exercise's limits. */
  start(): Promise<void>
  /** Builds a round's inputs inside the child (untimed). Returns why it failed, or undefined. */
  prepare(name: string, params: unknown, timeoutMs: number): Promise<string | undefined>
  /** Runs the calls one after another; the clock is the grader's, around this whole request. */
  batch(
    entry: string,
    calls: ArgSpec[][],
    timeoutMs: number,
  ): Promise<{ values: unknown[] } | { failure: string }>
  alive(): boolean
  pause(): void
  resume(): void
  /** CPU time of the child's process tree, from /proc. */
  cpuMs(): number
  /** The child's scratch folder, where `scratch-path` arguments point. */
  scratchDir(): string
  close(): Promise<void>
}

/** What the pipeline tells the outside while it works (progress bars, logs). All optional. */
export interface PipelineEvents {
  onExerciseStart?(exerciseId: string, phase: 'checks' | 'bench', total: number): void
  /** A data set is being generated (the first run that needs it): `done` of `total` units so far. */
  onDataProgress?(exerciseId: string, size: DataSize, done: number, total: number): void
  onCheck?(result: CheckResult): void
  onBenchRound?(exerciseId: string, round: number, maxRounds: number): void
  onExerciseEnd?(grade: ExerciseGrade): void
}

/** How grading one student of a batch ended (CONTRACT.md §6). */
export type StudentStatus = 'graded' | 'timed-out' | 'crashed' | 'unreadable'

/** One student of a class run: a gradebook row and everything the class report shows of them. */
export interface StudentRow {
  student: string
  /** Stable for a class (HMAC of the id, salted with PARLAB_SECRET): shown on the leaderboard instead of the id. */
  pseudonym: string
  status: StudentStatus
  /** Why the status is not `graded`. */
  reason?: string
  score: number
  maxScore: number
  exercises: { exerciseId: ExerciseId; score: number; maxScore: number }[]
  submissionHash?: string
  /** The student's report, relative to the class report's folder (students/<id>/index.html). */
  reportPath?: string
  checks: Pick<
    CheckResult,
    'exerciseId' | 'strategy' | 'checkId' | 'name' | 'kind' | 'status' | 'points' | 'maxPoints'
  >[]
  /** Same-run ratios per exercise and strategy (benchmarked runs only). */
  speed: {
    exerciseId: ExerciseId
    strategy: Strategy
    /** student time / reference time (lower is faster). */
    ratioToReference?: number
    /** student's speed-up over their own sequential strategy. */
    speedup?: number
    /** the reference's speed-up in the same rounds. */
    referenceSpeedup?: number
  }[]
  durationMs: number
  /** Which shard graded this student (1-based), in a sharded run. */
  shard?: number
  /** Exercises whose code is the references' after normalising names and layout (share of code shape, 0–1). */
  referenceMatches?: { exerciseId: ExerciseId; similarity: number }[]
}

/** What a batch run (or a merge of shards) knows, as the class report and the gradebook render it. */
export interface ClassRun {
  schemaVersion: 1
  graderVersion: string
  startedAt: string
  durationMs: number
  seed: number
  secretFingerprint?: string
  size: DataSize
  bench: boolean
  exercises: ExerciseId[]
  /** The machine of each shard (one entry for an unsharded run). */
  machines: { shard?: number; machine: MachineInfo }[]
  students: StudentRow[]
}
