// What an exercise gives the grader: its manifest, how each check calls the code and judges the result, and how
// its strategies are benchmarked. Expected values are computed here, in the grader, never in the child.
import type { ArgSpec, DashboardPanel, DataSize, ExerciseManifest, SerializedError } from '../types.js'

export interface CheckContext {
  entry: string
  /** The run's data seed (PARLAB_SECRET mixed in when set). */
  seed: number
  /** The exercise's tiny data set (checks always use it), for exercises whose data lives on disk. */
  dataDir?: string
}

/** What the judge knows of the call besides its value. */
export interface JudgeContext extends CheckContext {
  /** The child's scratch folder: `scratch-path` arguments point inside it. */
  scratchDir: string
  /** How many times the call invoked its `progress-callback` argument. */
  progressCalls: number
}

export interface Judgement {
  passed: boolean
  /** Expected vs received, in words. */
  message?: string
  /** A hint for a known classic mistake. */
  hint?: string
}

/** Calls one entry and compares its value with the expected one. */
export interface ValueCheck {
  kind: 'value'
  args(ctx: CheckContext): ArgSpec[]
  expected(ctx: CheckContext): unknown
  judge(received: unknown, expected: unknown, ctx: JudgeContext): Judgement | Promise<Judgement>
  /**
   * Judges the call of this earlier check (same entry) instead of making its own: for two views of one costly run
   * (e.g. the files written, then their pixels). Its args must be that check's.
   */
  sameCallAs?: string
}

/** Calls every entry on the same input and compares their values with each other. */
export interface AgreementCheck {
  kind: 'agreement'
  args(ctx: CheckContext): ArgSpec[]
  judge(received: Record<string, unknown>, ctx: Omit<CheckContext, 'entry'>): Judgement | Promise<Judgement>
}

/** One round of a benchmark: the same inputs for student and reference. */
export interface BenchRound {
  /** Sent to each child before the round's timings (untimed). */
  prepare: { name: string; params: unknown }
  /** The calls of the sample with this index (identical for both sides). */
  sample(index: number, calls: number): ArgSpec[][]
  /** Why a value returned during the benchmark is wrong, or undefined when it is right (scratchDir: the side's). */
  verify(sampleIndex: number, callIndex: number, value: unknown, scratchDir: string): string | undefined
  /** Untimed clean-up after each verified sample (e.g. removing the files a sample wrote). */
  afterSample?(sampleIndex: number, scratchDir: string): void
}

/** Per-exercise overrides of the benchmark settings in grader/config.json (slow calls need fewer samples). */
export interface BenchOverrides {
  samplesPerRound?: number
  targetSampleMs?: number
  minRounds?: number
  maxRounds?: number
  budgetMs?: number
}

export interface BenchDefinition {
  itemLabel: string
  /** Applied on top of the config's settings; `quick` ones on top of those for --quick. */
  overrides?: { normal?: BenchOverrides; quick?: BenchOverrides }
  itemsPerCall(size: DataSize): number
  bytesPerItem?: number
  /** dataDir: the data set of the run's size, for exercises whose data lives on disk. */
  newRound(seed: number, size: DataSize, dataDir?: string): BenchRound
  /** Why real data given with --data cannot be benchmarked at this size (undefined: it can). */
  dataProblem?(path: string, size: DataSize): string | undefined
}

/** A dashboard in the HTML report, drawn from the student's own value of one check once it passed. */
export interface DashboardDefinition {
  /**
   * Value checks on the same input: the charts are drawn from the first one's returned value, for the first entry
   * (strategy) that passed every one of them, so that each value drawn was validated against the reference.
   */
  checks: string[]
  /** Where the values come from, in words. */
  source: string
  panels(value: unknown): DashboardPanel[]
}

export interface ExerciseDefinition {
  manifest: ExerciseManifest
  /** JSON schema of each entry's returned value (validated with ajv before any judging). */
  resultSchemas: Record<string, object>
  checks: Record<string, ValueCheck | AgreementCheck>
  /** A hint for a call that threw (a known mistake recognised by its error), shown beside the failure. */
  failureHint?(error: SerializedError, entry: string): string | undefined
  bench?: BenchDefinition
  dashboard?: DashboardDefinition
}
