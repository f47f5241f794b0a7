// esbuild run on student files, bounded per file in time and in the memory of its process tree (CONTRACT.md §7).
// A host (esbuild-host.ts, with esbuild's service below it) stays warm from one file and one student to the next;
// one that runs over a limit or dies is killed with its tree and replaced for the next file.
import { fork, type ChildProcess } from 'node:child_process'
import type { Socket } from 'node:net'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { latestScan, signalTree, treeResidentMb } from '../process-tree.js'
import type { HostMessage, TransformRequest } from './esbuild-host.js'

export interface BuildLimits {
  /** Time for one file. */
  timeoutMs: number
  /** Resident memory of the host's process tree (node + esbuild's service). */
  memoryMb: number
}

export const defaultBuildLimits: BuildLimits = { timeoutMs: 30_000, memoryMb: 768 }

/** A compiled file, or why it is not (the student's error, or the build's failure on it). */
export type TransformOutcome = { code: string } | { problem: string }

const hostFile = fileURLToPath(
  new URL(import.meta.url.endsWith('.ts') ? './esbuild-host.ts' : './esbuild-host.js', import.meta.url),
)
/** Starting a host is the grader's own time, not a student's. */
const startTimeoutMs = 120_000
const watchdogMs = 100
const maxIdleHosts = Math.min(4, Math.max(2, availableParallelism()))

const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(1))} s`

/** The line of a crash's stderr that says what happened (Go's "fatal error: stack overflow", V8's…). */
function crashLine(stderr: string): string | undefined {
  const lines = stderr.split('\n').map((line) => line.trim())
  return lines.find((line) => line.startsWith('fatal error:')) ?? lines.find((line) => /error/i.test(line))
}

class BuildHost {
  readonly #child: ChildProcess
  readonly #ready: Promise<string | undefined>
  #listener: ((event: HostMessage | { type: 'exit'; reason: string }) => void) | undefined
  #stderr = ''
  #nextId = 0
  dead = false

  constructor() {
    const env = { ...process.env }
    delete env.PARLAB_SECRET
    // tsx (from source) comes with process.execArgv; esbuild's crash report lands in the piped stderr, not the grader's.
    this.#child = fork(hostFile, [], { env, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] })
    this.#child.stderr!.setEncoding('utf8')
    // The head of what the current file made it write: a crash report says what happened first, then its stacks.
    this.#child.stderr!.on('data', (chunk: string) => {
      if (this.#stderr.length < 8192) this.#stderr = (this.#stderr + chunk).slice(0, 8192)
    })
    this.#child.on('message', (message: HostMessage) => this.#listener?.(message))
    this.#child.on('error', () => undefined) // an IPC write to a dead host: 'exit' says the rest
    this.#child.on('exit', (code, signal) => {
      this.dead = true
      const crash = crashLine(this.#stderr)
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`
      this.#listener?.({
        type: 'exit',
        reason: crash ? `esbuild crashed on it (${crash})` : `the build process ${how}`,
      })
    })
    this.#ready = new Promise((resolve) => {
      this.#listener = (event) => {
        if (event.type === 'ready') resolve(undefined)
        else if (event.type === 'exit') resolve(event.reason)
      }
    })
    this.#idle()
  }

  // An idle host never keeps the grader's process alive: neither the process, its channel nor its stderr pipe.
  #idle(): void {
    this.#child.unref()
    this.#child.channel?.unref()
    ;(this.#child.stderr as Socket).unref()
  }

  #busy(): void {
    this.#child.ref()
    this.#child.channel?.ref()
    ;(this.#child.stderr as Socket).ref()
  }

  async transform(request: Omit<TransformRequest, 'id'>, limits: BuildLimits): Promise<TransformOutcome> {
    this.#busy()
    try {
      const notStarted = await this.#bounded(this.#ready, startTimeoutMs, Infinity)
      if (notStarted !== undefined) {
        return {
          problem: typeof notStarted === 'string' ? `not compiled: ${notStarted}` : notStarted.problem,
        }
      }
      const id = ++this.#nextId
      this.#stderr = ''
      const reply = new Promise<TransformOutcome>((resolve) => {
        this.#listener = (event) => {
          if (event.type === 'exit') resolve({ problem: event.reason })
          else if (event.type === 'ready' || event.id !== id) return
          else if (event.type === 'compiled') resolve({ code: event.code })
          else if (event.type === 'rejected') resolve({ problem: event.message })
          // Go's crash report comes on another pipe than the service's end: give it a moment.
          else
            setTimeout(() => {
              const crash = crashLine(this.#stderr) ?? event.message
              resolve({ problem: `esbuild crashed on it (${crash})` })
            }, 100)
        }
      })
      this.#child.send({ ...request, id } satisfies TransformRequest)
      return await this.#bounded(reply, limits.timeoutMs, limits.memoryMb)
    } finally {
      this.#listener = undefined
      this.#idle()
    }
  }

  /** The promise's value, unless the time runs out or the tree's memory goes over: then the tree is killed. */
  async #bounded<T>(promise: Promise<T>, ms: number, memoryMb: number): Promise<T | { problem: string }> {
    let timer: NodeJS.Timeout | undefined
    let watchdog: NodeJS.Timeout | undefined
    const over = new Promise<{ problem: string }>((resolve) => {
      timer = setTimeout(() => resolve({ problem: `compiling it ran over ${seconds(ms)}` }), ms)
      if (memoryMb === Infinity) return
      watchdog = setInterval(() => {
        // The newest listing (where listing starts a process, the sampler's): a tick never waits for one.
        const scan = latestScan()
        if (this.#child.pid !== undefined && scan && treeResidentMb(this.#child.pid, scan) > memoryMb)
          resolve({ problem: `compiling it ran over ${memoryMb} MB` })
      }, watchdogMs)
    })
    let won = false
    const result = await Promise.race([promise.then((value) => ((won = true), value)), over])
    clearTimeout(timer)
    clearInterval(watchdog)
    if (!won) this.kill()
    return result
  }

  kill(): void {
    this.dead = true
    // A host that has exited is not signalled: its pid may be another process's by now.
    const exited = this.#child.exitCode !== null || this.#child.signalCode !== null
    if (this.#child.pid !== undefined && !exited) signalTree(this.#child.pid, 'SIGKILL')
  }
}

const idle: BuildHost[] = []

/** A warm host, or a new one: one caller at a time (give it back with releaseHost). */
export function takeHost(): BuildHost {
  for (let i = idle.length - 1; i >= 0; i--) if (idle[i]!.dead) idle.splice(i, 1)
  return idle.pop() ?? new BuildHost()
}

export function releaseHost(host: BuildHost): void {
  if (host.dead) return
  if (idle.length < maxIdleHosts) idle.push(host)
  else host.kill()
}

export type { BuildHost }

/** Kills the idle hosts (they never keep the process alive; tests call this to start afresh). */
export function stopBuildHosts(): void {
  for (const host of idle.splice(0)) host.kill()
}
