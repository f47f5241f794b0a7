// A submission's type errors as warnings, computed in a worker thread bounded in time and memory (CONTRACT.md §7: the
// build steps run bounded per student). The thread stays warm from one student to the next (the standard library and
// node types are parsed once); a thread that runs over its limits or fails is thrown away, and the next check starts
// a fresh one.
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { maxTypeCheckedFileBytes } from './typecheck-program.js'
import type { TypeCheckReply, TypeCheckRequest } from './typecheck-worker.js'

export interface TypeCheckLimits {
  /** Time for one submission's check, once the thread is up. */
  timeoutMs: number
  /** The thread's JS heap (resourceLimits.maxOldGenerationSizeMb). */
  memoryMb: number
  /** Larger source files are not read (a warning names them). */
  maxFileBytes: number
}

export const defaultTypeCheckLimits: TypeCheckLimits = {
  timeoutMs: 20_000,
  memoryMb: 1024,
  maxFileBytes: maxTypeCheckedFileBytes,
}

/** Starting a thread (tsx, TypeScript, the standard library) is the grader's own time, not a student's. */
const startTimeoutMs = 120_000

const workerUrl = new URL(
  import.meta.url.endsWith('.ts') ? './typecheck-worker.ts' : './typecheck-worker.js',
  import.meta.url,
)

function startWorker(nodeModules: string, memoryMb: number): Worker {
  const options = { workerData: { nodeModules }, resourceLimits: { maxOldGenerationSizeMb: memoryMb } }
  if (!workerUrl.pathname.endsWith('.ts')) return new Worker(workerUrl, options)
  // From source (tsx), the loader hooks do not reach worker threads: the thread registers them before the entry.
  // tsx's ESM API sits beside the CommonJS one that require.resolve finds (this module may itself run as CommonJS).
  const tsxApi = createRequire(import.meta.url)
    .resolve('tsx/esm/api')
    .replace(/\.cjs$/, '.mjs')
  const tsx = pathToFileURL(tsxApi).href
  const code = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(workerUrl.href)}) })`
  return new Worker(code, { ...options, eval: true })
}

type Outcome = { warnings: string[][] } | { skipped: string }

const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(1))} s`

/** One warm thread; it checks one submission at a time. */
class Checker {
  readonly nodeModules: string
  readonly memoryMb: number
  readonly #worker: Worker
  readonly #ready: Promise<string | undefined>
  #listener: ((event: TypeCheckReply | { type: 'exit'; code: number }) => void) | undefined
  #error: (Error & { code?: string }) | undefined
  #nextId = 0
  dead = false

  constructor(nodeModules: string, memoryMb: number) {
    this.nodeModules = nodeModules
    this.memoryMb = memoryMb
    this.#worker = startWorker(nodeModules, memoryMb)
    this.#ready = new Promise((resolve) => {
      this.#listener = (event) => {
        if (event.type === 'ready') resolve(undefined)
        else if (event.type === 'exit') resolve(this.#exitReason(event.code))
      }
    })
    this.#worker.on('message', (message: TypeCheckReply) => this.#listener?.(message))
    this.#worker.on('error', (error) => (this.#error = error))
    this.#worker.on('exit', (code) => {
      this.dead = true
      this.#listener?.({ type: 'exit', code })
    })
  }

  #exitReason(code: number): string {
    if (this.#error?.code === 'ERR_WORKER_OUT_OF_MEMORY') return `it ran over ${this.memoryMb} MB`
    if (this.#error) return `it failed (${this.#error.name}: ${this.#error.message})`
    return `its thread stopped (exit code ${code})`
  }

  async check(request: Omit<TypeCheckRequest, 'id'>, timeoutMs: number): Promise<Outcome> {
    this.#worker.ref()
    try {
      const startFailure = await this.#within(this.#ready, startTimeoutMs)
      if (startFailure !== undefined) {
        return { skipped: startFailure === 'timed-out' ? 'the checker did not start' : startFailure }
      }
      const id = ++this.#nextId
      const reply = new Promise<Outcome>((resolve) => {
        this.#listener = (event) => {
          if (event.type === 'exit') resolve({ skipped: this.#exitReason(event.code) })
          else if (event.type === 'done' && event.id === id) resolve({ warnings: event.warnings })
          else if (event.type === 'failed' && event.id === id)
            resolve({ skipped: `it failed (${event.error})` })
        }
      })
      this.#worker.postMessage({ ...request, id } satisfies TypeCheckRequest)
      const outcome = await this.#within(reply, timeoutMs)
      return outcome === 'timed-out' ? { skipped: `it ran over ${seconds(timeoutMs)}` } : outcome
    } finally {
      this.#listener = undefined
      this.#worker.unref()
    }
  }

  /** The promise's value, or 'timed-out' (the thread is then terminated: a thread busy in the checker stops too). */
  async #within<T>(promise: Promise<T>, ms: number): Promise<T | 'timed-out'> {
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<'timed-out'>((resolve) => (timer = setTimeout(() => resolve('timed-out'), ms)))
    const result = await Promise.race([promise, late]).finally(() => clearTimeout(timer))
    if (result === 'timed-out') this.terminate()
    return result
  }

  terminate(): void {
    this.dead = true
    void this.#worker.terminate()
  }
}

// One warm thread serves every submission in turn (a check takes a few hundred ms warm; a second thread would parse
// the standard library and node types again). The queue's wait is not counted in a submission's time.
let current: Checker | undefined
let queue: Promise<unknown> = Promise.resolve()

function checkerFor(nodeModules: string, memoryMb: number): Checker {
  if (current && (current.dead || current.nodeModules !== nodeModules || current.memoryMb !== memoryMb)) {
    current.terminate()
    current = undefined
  }
  current ??= new Checker(nodeModules, memoryMb)
  return current
}

/**
 * TypeScript's diagnostics for each exercise folder of a submission, as warnings (they never stop grading), from
 * one program per submission in a warm worker thread. When the check fails or runs over its time or memory, every
 * folder gets the one warning "type check skipped: …" instead, and grading goes on. Never rejects.
 */
export async function typeWarnings(
  exerciseDirs: string[],
  nodeModules: string,
  limits: Partial<TypeCheckLimits> = {},
): Promise<string[][]> {
  const { timeoutMs, memoryMb, maxFileBytes } = { ...defaultTypeCheckLimits, ...limits }
  const turn = queue.then(() =>
    checkerFor(nodeModules, memoryMb).check({ exerciseDirs, nodeModules, maxFileBytes }, timeoutMs),
  )
  queue = turn.catch(() => undefined)
  const outcome = await turn.catch((error: unknown) => ({ skipped: `it failed (${String(error)})` }))
  if ('warnings' in outcome) return outcome.warnings
  return exerciseDirs.map(() => [`type check skipped: ${outcome.skipped}`])
}

/** Ends the thread when it is idle (it never keeps the process alive; tests call this to start afresh). */
export function stopTypeChecks(): void {
  current?.terminate()
  current = undefined
}
