import { extname, join } from 'node:path'
import type { ArgSpec, CallResult, Exercise, RunOutcome } from '../types.js'
import {
  isFailure,
  SandboxedChild,
  type ChildFailure,
  type ChildSpec,
  type TimedReply,
} from './child-process.js'
import { sharedInputsDir } from './shared-inputs.js'
import { projectNodeModules, type CompileProblem, type Workspace } from './workspace.js'

export interface IsolationOptions {
  workspace: Workspace
  /** Separates compiled trees: a child may read only its own ("student", "reference"). */
  key: string
  exercise: Exercise
  /** Data folders the child may read. */
  dataPaths: string[]
  wrapper?: ChildSpec['wrapper']
  /** The watchdog's limit on the child's resident memory (the config's), else the manifest's. */
  memoryMb?: number
}

const compiledName = (file: string): string => file.slice(0, -extname(file).length) + '.js'

/**
 * One exercise of one submission, compiled and run in sandboxed children. Calls never throw for the student's
 * failures; a dead child is replaced on the next call; after an entry's first timeout its later calls fail at once.
 */
export class IsolatedExercise {
  readonly compileProblems: CompileProblem[]
  readonly #options: IsolationOptions
  readonly #spec: ChildSpec
  readonly #timedOut = new Map<string, number>()
  #child: SandboxedChild | undefined

  private constructor(options: IsolationOptions, spec: ChildSpec, problems: CompileProblem[]) {
    this.#options = options
    this.#spec = spec
    this.compileProblems = problems
  }

  static async create(options: IsolationOptions): Promise<IsolatedExercise> {
    const { workspace, key, exercise } = options
    const problems = await workspace.compileExercise(key, exercise.manifest.id, exercise.dir)
    const spec: ChildSpec = {
      entry: await workspace.runtimeEntry(),
      buildRoot: workspace.buildRoot(key),
      scratchDir: workspace.newScratch(),
      readPaths: [projectNodeModules, sharedInputsDir(), ...options.dataPaths],
      memoryMb: options.memoryMb ?? exercise.manifest.limits.memoryMb,
      addons: exercise.manifest.permissions?.addons ?? false,
      ...(options.wrapper ? { wrapper: options.wrapper } : {}),
    }
    return new IsolatedExercise(options, spec, problems)
  }

  /** A fresh child with the same limits and its own scratch folder, for benchmarks (the caller closes it). */
  startChild(): Promise<SandboxedChild> {
    return SandboxedChild.start({ ...this.#spec, scratchDir: this.#options.workspace.newScratch() })
  }

  target(entry: string): { module: string; exportName: string; file: string } {
    const { manifest } = this.#options.exercise
    const { file, export: exportName } = manifest.entries[entry]!
    return { module: join(manifest.id, compiledName(file)), exportName, file }
  }

  /** Why an entry cannot run at all (missing or not compiling), or undefined. */
  unavailable(entry: string): string | undefined {
    const { exercise } = this.#options
    const { file } = this.target(entry)
    if (exercise.missingFiles.includes(entry))
      return (
        exercise.refusedEntries?.[entry] ?? `${exercise.manifest.id}/${file} is missing from the submission`
      )
    const problem = this.compileProblems.find((p) => p.file.endsWith(`/${file}`))
    return problem ? `${exercise.manifest.id}/${file} does not compile: ${problem.message}` : undefined
  }

  async call(entry: string, args: ArgSpec[], timeoutMs: number): Promise<CallResult> {
    const reason = this.unavailable(entry)
    if (reason) return { outcome: { state: 'skipped', reason } }
    const earlier = this.#timedOut.get(entry)
    if (earlier !== undefined) {
      return {
        outcome: {
          state: 'skipped',
          reason: `not run: an earlier call of ${entry} timed out after ${earlier} ms`,
        },
      }
    }
    let child: SandboxedChild
    try {
      child = await this.#liveChild()
    } catch (error) {
      return {
        outcome: { state: 'crashed', exitCode: null, signal: null },
        stderrTail: (error as Error).message,
      }
    }
    child.clearStderr()
    const forgedBefore = child.forgedReplies
    const reply = await child.request({ type: 'call', ...this.target(entry), args }, timeoutMs)
    const outcome = toOutcome(reply, child.stderrTail)
    if (outcome.state === 'timed-out') this.#timedOut.set(entry, timeoutMs)
    const forged = child.forgedReplies - forgedBefore
    return {
      outcome,
      scratchDir: this.#spec.scratchDir,
      ...(outcome.state === 'returned' ? {} : { stderrTail: child.stderrTail }),
      ...(forged > 0 ? { forgedReplies: forged } : {}),
    }
  }

  async #liveChild(): Promise<SandboxedChild> {
    if (!this.#child?.alive) this.#child = await SandboxedChild.start({ ...this.#spec, checks: true })
    return this.#child
  }

  async close(): Promise<void> {
    await this.#child?.close()
  }
}

export function toOutcome(reply: TimedReply | ChildFailure, stderrTail: string): RunOutcome {
  if (isFailure(reply)) {
    if (reply.type === 'crashed' && /heap out of memory|ERR_WORKER_OUT_OF_MEMORY/.test(stderrTail)) {
      return { state: 'out-of-memory', limitMb: 0, residentMb: 0 }
    }
    if (reply.type === 'timed-out') return { state: 'timed-out', timeoutMs: reply.timeoutMs }
    if (reply.type === 'out-of-memory') {
      const { limitMb, residentMb, scratchMb, stillGrowing } = reply
      return {
        state: 'out-of-memory',
        limitMb,
        residentMb,
        ...(scratchMb ? { scratchMb } : {}),
        ...(stillGrowing ? { stillGrowing } : {}),
      }
    }
    const { exitCode, signal, reason } = reply
    return { state: 'crashed', exitCode, signal, ...(reason ? { reason } : {}) }
  }
  switch (reply.type) {
    case 'returned':
      return {
        state: 'returned',
        value: reply.value,
        wasPromise: reply.wasPromise,
        durationMs: Math.min(reply.durationMs, reply.elapsedMs),
        progressCalls: reply.progressCalls,
      }
    case 'threw':
      return { state: 'threw', error: reply.error, durationMs: Math.min(reply.durationMs, reply.elapsedMs) }
    case 'missing-export':
      return { state: 'missing-export', exportName: reply.exportName, available: reply.available }
    case 'load-failed':
      return { state: 'load-failed', error: reply.error }
    default:
      return { state: 'crashed', exitCode: null, signal: `unexpected reply ${reply.type}` }
  }
}
