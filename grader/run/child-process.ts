import { spawn, type ChildProcess } from 'node:child_process'
import type { Socket } from 'node:net'
import { availableParallelism } from 'node:os'
import { channelFd, encodeFrame, FrameReader } from './channel.js'
import { parseChildMessage, type ChildReply, type ParentMessage } from './protocol.js'
import { canPause } from '../platform/capabilities.js'
import { latestScan, signalTree, treeCpuMs, treeResidentMb, type ProcessScan } from './process-tree.js'
import { folderBytes, inMemory } from './temp-space.js'

export interface ChildSpec {
  /** The bundled child entry (child-entry.mjs). */
  entry: string
  /** Root of the compiled modules this child may load. */
  buildRoot: string
  /** The only writable folder; also the child's cwd, HOME and TMPDIR. */
  scratchDir: string
  /** Folders the child may read besides its build root, scratch and entry (node_modules, data). */
  readPaths: string[]
  memoryMb: number
  addons: boolean
  /**
   * Runs correctness checks (short calls on small data): V8 without background threads (compilers, GC helpers),
   * which saves about a tenth of the CPU; benchmark children run V8 as students do.
   */
  checks?: boolean
  /** Wraps the node command (bubblewrap), or none. */
  wrapper?: SandboxWrapper
}

/** The command that runs node inside the sandbox, and the host user it runs as (when not the grader's). */
export type SandboxWrapper = (
  spec: ChildSpec,
  nodeArgs: string[],
) => { command: string; args: string[]; uid?: number; gid?: number }

/** Why a request got no reply: the child's fault, reported as data. */
export type ChildFailure =
  | { type: 'timed-out'; timeoutMs: number }
  /** stillGrowing: stopped at its stretched time limit while filling memory, below the limit. */
  | { type: 'out-of-memory'; limitMb: number; residentMb: number; scratchMb?: number; stillGrowing?: true }
  | { type: 'crashed'; exitCode: number | null; signal: string | null; reason?: string }

const permissionFlag = process.allowedNodeEnvironmentFlags.has('--permission')
  ? '--permission'
  : '--experimental-permission'
// Node 20's require() of an ES module aborts the whole process now and then (an assertion in
// CreateRequiredModuleFacade) when a worker thread is loading one while a pool is replaced: piscina's workers try
// require() first. Without it they load through import(): 0 aborts in 280 runs of a pool-churning script, against
// 5 in 200 with it.
const noRequireEsm = process.allowedNodeEnvironmentFlags.has('--no-experimental-require-module')
  ? ['--no-experimental-require-module']
  : []
const tailBytes = 4096
// A channel that closes while the process lives on was closed by student code; one that closes as the process
// ends is just the end. This long tells them apart.
const channelCloseGraceMs = 1_000
// Past this many messages that answer no call, a child is flooding the grader's event loop: it is ended.
const maxForged = 100
const maxTimeoutStretch = 3
// Growth of a tree's memory that counts as filling it, over a call or a two-second window.
const grownMb = 64
const watchdogIntervalMs = 100
// A scratch folder in memory (tmpfs) is measured every tenth tick: a walk of its files costs more than /proc reads.
const scratchEveryTicks = 10

function nodeArgs(spec: ChildSpec): string[] {
  const reads = [spec.entry, spec.buildRoot, spec.scratchDir, ...spec.readPaths]
  return [
    permissionFlag,
    ...reads.map((path) => `--allow-fs-read=${path}`),
    `--allow-fs-write=${spec.scratchDir}`,
    '--allow-worker',
    ...(spec.addons ? ['--allow-addons'] : []),
    `--max-old-space-size=${spec.memoryMb}`,
    ...noRequireEsm,
    ...(spec.checks ? ['--single-threaded'] : []),
    '--enable-source-maps',
    '--no-warnings',
    spec.entry,
    spec.buildRoot,
  ]
}

function scrubbedEnv(scratchDir: string): NodeJS.ProcessEnv {
  return {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    HOME: scratchDir,
    TMPDIR: scratchDir,
    LANG: 'C.UTF-8',
    NODE_ENV: 'production',
    // libuv reads it once at start-up (sharp's thread pool): it must be set before the child starts.
    UV_THREADPOOL_SIZE: String(Math.max(4, availableParallelism())),
  }
}

// One watchdog for every live child: each tick lists the processes once (its cost grows with the machine's processes,
// not with the children watched), then sums each child's tree. Where listing costs a process start (ps, CIM), the
// tick reads the newest listing a sampler finished, and never waits; where there is none, it checks nothing (the
// report says that the memory limit is not enforced).
const watched = new Set<SandboxedChild>()
let watchdog: NodeJS.Timeout | undefined

function watch(child: SandboxedChild): void {
  watched.add(child)
  watchdog ??= setInterval(() => {
    if (watched.size === 0) {
      clearInterval(watchdog)
      watchdog = undefined
      return
    }
    const scan = latestScan()
    if (scan) for (const each of watched) each.checkMemory(scan)
  }, watchdogIntervalMs).unref()
}

/** One sandboxed child process: requests with timeouts, a memory watchdog, pause/resume of its whole tree. */
export class SandboxedChild {
  readonly #child: ChildProcess
  readonly #pid: number
  readonly #memoryMb: number
  readonly scratchDir: string
  readonly #channel: Socket
  readonly #ready: Promise<void>
  #forged = 0
  #pendingId = -1
  #sentAt = 0
  /** Why the child was ended for what it did on the channel (a malformed or oversized message). */
  #channelProblem: string | undefined
  #stderr = ''
  #nextId = 1
  #exited = false
  #killed = false
  readonly #scratchInMemory: boolean
  #scratchMb = 0
  /** The tree's resident memory (and scratch files in memory) at the watchdog's last tick. */
  #usedMb = 0
  #ticks = 0
  #oom: { residentMb: number; scratchMb: number } | undefined
  #pending: ((reply: TimedReply | ChildFailure) => void) | undefined
  #timer: NodeJS.Timeout | undefined

  private constructor(child: ChildProcess, memoryMb: number, scratchDir: string) {
    this.#child = child
    this.scratchDir = scratchDir
    this.#pid = child.pid!
    this.#memoryMb = memoryMb
    this.#scratchInMemory = inMemory(scratchDir)
    child.stderr?.on('data', (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString('utf8')).slice(-tailBytes)
    })
    // Student output is not read, only drained, so that a flood cannot block the child or fill memory.
    child.stdout?.resume()
    // No stream or process error of a child reaches the grader as an exception: 'exit' (or the start) says the rest.
    for (const stream of [child.stdout, child.stderr]) stream?.on('error', () => undefined)
    // A child that could not be started (a missing bubblewrap, say) emits 'error' and no 'exit'.
    child.on('error', () => {
      this.#exited = true
      watched.delete(this)
      this.#settle({ type: 'crashed', exitCode: null, signal: null })
    })
    this.#channel = child.stdio[channelFd] as Socket
    const frames = new FrameReader()
    let ready: () => void
    this.#ready = new Promise((resolve) => (ready = resolve))
    this.#channel.on('data', (chunk: Buffer) => {
      // Nothing is read after the message that ended the child.
      if (this.#channelProblem) return
      for (const frame of frames.push(chunk)) {
        const message = frame.ok ? parseChildMessage(frame.message) : frame
        if ('problem' in message) return this.#endForChannel(message.problem)
        if (message.type === 'ready') ready()
        // One reply per call in flight: anything else (student code writing to the channel) is noted, never used.
        else if (message.id !== this.#pendingId) {
          if (++this.#forged > maxForged)
            return this.#endForChannel(`it sent the grader more than ${maxForged} messages of its own`)
        } else {
          this.#pendingId = -1
          const reply = { ...message, elapsedMs: performance.now() - this.#sentAt }
          // The child wrote its stderr before this reply, but the two pipes may be read in either order within one
          // turn of the event loop: the reply is settled after that turn, so the stderr tail is complete.
          setImmediate(() => this.#settle(reply))
        }
      }
    })
    // A channel closed or broken by student code ends that child, never the grader ('close' follows 'error').
    this.#channel.on('error', () => undefined)
    this.#channel.on('close', () => {
      setTimeout(
        () => this.#endForChannel('it closed its channel to the grader, so no result could come back'),
        channelCloseGraceMs,
      ).unref()
    })
    child.on('exit', (exitCode, signal) => {
      this.#exited = true
      watched.delete(this)
      if (this.#oom)
        this.#settle({
          type: 'out-of-memory',
          limitMb: this.#memoryMb,
          residentMb: this.#oom.residentMb,
          ...(this.#oom.scratchMb > 0 ? { scratchMb: this.#oom.scratchMb } : {}),
        })
      else
        this.#settle({
          type: 'crashed',
          exitCode,
          signal,
          ...(this.#channelProblem ? { reason: this.#channelProblem } : {}),
        })
    })
    watch(this)
  }

  #endForChannel(problem: string): void {
    if (this.#exited || this.#channelProblem) return
    this.#channelProblem = problem
    this.kill()
  }

  /**
   * The memory watchdog's check of this child against a process listing taken for every watched child at once: its
   * tree's resident memory, plus the files it wrote when its scratch folder lives in memory.
   */
  checkMemory(scan: ProcessScan): void {
    if (this.#scratchInMemory && this.#ticks++ % scratchEveryTicks === 0)
      this.#scratchMb = folderBytes(this.scratchDir) / 1024 ** 2
    const usedMb = treeResidentMb(this.#pid, scan) + this.#scratchMb
    this.#usedMb = usedMb
    if (usedMb > this.#memoryMb && !this.#oom) {
      this.#oom = { residentMb: Math.round(usedMb), scratchMb: Math.round(this.#scratchMb) }
      this.kill()
    }
  }

  static start(spec: ChildSpec, startTimeoutMs = 15_000): Promise<SandboxedChild> {
    const args = nodeArgs(spec)
    const {
      command,
      args: fullArgs,
      ...user
    } = spec.wrapper?.(spec, args) ?? { command: process.execPath, args }
    const child = spawn(command, fullArgs, {
      ...user,
      cwd: spec.scratchDir,
      env: scrubbedEnv(spec.scratchDir),
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      detached: true,
      windowsHide: true,
    })
    const sandboxed = new SandboxedChild(child, spec.memoryMb, spec.scratchDir)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        sandboxed.kill()
        reject(
          new Error(
            `the sandboxed child did not start within ${startTimeoutMs} ms:\n${sandboxed.stderrTail}`,
          ),
        )
      }, startTimeoutMs)
      void sandboxed.#ready.then(() => {
        clearTimeout(timer)
        resolve(sandboxed)
      })
      child.once('exit', (code, signal) => {
        clearTimeout(timer)
        reject(new Error(`the sandboxed child exited at start (${signal ?? code}):\n${sandboxed.stderrTail}`))
      })
      child.once('error', (error) => {
        clearTimeout(timer)
        reject(new Error(`the sandboxed child could not be started: ${error.message}`))
      })
    })
  }

  /** False from the moment the grader kills it: a request must never go to a process that is about to die. */
  get alive(): boolean {
    return !this.#exited && !this.#killed
  }

  get stderrTail(): string {
    return this.#stderr
  }

  /** Messages that were not the one reply to the call in flight (student code writing to the channel). */
  get forgedReplies(): number {
    return this.#forged
  }

  clearStderr(): void {
    this.#stderr = ''
  }

  /** Sends one request and waits for its reply, or for the child's death, or for the timeout (which kills it). */
  request(
    message: DistributiveOmit<ParentMessage, 'id'>,
    timeoutMs: number,
  ): Promise<TimedReply | ChildFailure> {
    if (!this.alive)
      return Promise.resolve({
        type: 'crashed',
        exitCode: this.#child.exitCode,
        signal: null,
        ...(this.#channelProblem ? { reason: this.#channelProblem } : {}),
      })
    if (this.#pending) throw new Error('one request at a time')
    const id = this.#nextId++
    this.#pendingId = id
    return new Promise((resolve) => {
      this.#pending = resolve
      const hardDeadline = performance.now() + timeoutMs * maxTimeoutStretch
      // A call still filling memory when its time is up is given up to maxTimeoutStretch times its time, a second
      // at a time while it keeps growing (over the last two seconds, so that growth in steps is seen) or holds half
      // its limit: on a busy machine it then runs out of memory, as it would on a quiet one, instead of out of time.
      // One that holds half its limit, grown during the call, when even that time is up is reported as filling
      // memory. An endless loop does not grow, and is stopped at its time.
      const usedMb = [this.#usedMb]
      const expire = (): void => {
        const now = this.#usedMb
        const before = usedMb.at(-2) ?? usedMb[0]!
        const filling = now >= this.#memoryMb / 2 && now > usedMb[0]! + grownMb
        if ((now > before + grownMb || filling) && performance.now() < hardDeadline) {
          usedMb.push(now)
          this.#timer = setTimeout(expire, 1_000)
          return
        }
        this.#settle(
          filling
            ? {
                type: 'out-of-memory',
                limitMb: this.#memoryMb,
                residentMb: Math.round(now),
                stillGrowing: true,
              }
            : { type: 'timed-out', timeoutMs },
        )
        this.kill()
      }
      this.#timer = setTimeout(expire, timeoutMs)
      this.#sentAt = performance.now()
      this.#channel.write(encodeFrame({ ...message, id }))
    })
  }

  #settle(reply: TimedReply | ChildFailure): void {
    const resolve = this.#pending
    if (!resolve) return
    this.#pending = undefined
    clearTimeout(this.#timer)
    resolve(reply)
  }

  /** Stops the whole tree (SIGSTOP); where that cannot be done (Windows), nothing: the report says so. */
  pause(): void {
    if (canPause && !this.#exited) signalTree(this.#pid, 'SIGSTOP')
  }

  resume(): void {
    if (canPause && !this.#exited) signalTree(this.#pid, 'SIGCONT')
  }

  /** CPU time of the child's whole tree so far, from the process listing (never from the child); NaN without one. */
  cpuMs(): number {
    return treeCpuMs(this.#pid)
  }

  kill(): void {
    if (this.#exited) return
    this.#killed = true
    signalTree(this.#pid, 'SIGKILL')
  }

  /** Kills the child and waits until it is gone. */
  async close(): Promise<void> {
    if (this.#exited) return
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()))
    this.kill()
    await exited
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never

/** A reply with the time from request to reply, measured by the grader (the child reports no timings). */
export type TimedReply = ChildReply & { elapsedMs: number }

export function isFailure(reply: TimedReply | ChildFailure): reply is ChildFailure {
  return reply.type === 'timed-out' || reply.type === 'out-of-memory' || reply.type === 'crashed'
}
