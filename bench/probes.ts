import { Piscina } from 'piscina'
import cpuProbe, { type CpuProbeTask } from './cpu-probe.worker.js'

const workerFile = new URL(
  import.meta.url.endsWith('.ts') ? './cpu-probe.worker.ts' : './cpu-probe.worker.js',
  import.meta.url,
)

/**
 * Probe 1, a native memory read over the same bytes: memcmp of the values' buffer against an identical copy.
 * Each call reads both buffers in full (they are equal), so twice the values' bytes.
 */
export class MemoryProbe {
  readonly bytesRead: number
  readonly #values: Float64Array
  readonly #copy: Buffer

  constructor(values: Float64Array) {
    this.#values = values
    const view = Buffer.from(values.buffer, values.byteOffset, values.byteLength)
    this.#copy = Buffer.allocUnsafeSlow(view.length)
    view.copy(this.#copy)
    this.bytesRead = 2 * values.byteLength
  }

  /** True when the buffers are equal, which they must be. */
  run(): boolean {
    const values = this.#values
    return Buffer.from(values.buffer, values.byteOffset, values.byteLength).equals(this.#copy)
  }
}

/**
 * Probe 2, what the machine can give right now: a fixed amount of pure CPU work on one worker thread, and the
 * same work split over `threads` worker threads of one pool set up like parallelSum's.
 */
export class CpuProbe {
  readonly threads: number
  #iterations = 0
  #expectedOne = 0
  #expectedAll = 0
  readonly #pool: Piscina<CpuProbeTask, number>

  constructor(threads: number) {
    this.threads = threads
    this.#pool = new Piscina({
      filename: workerFile.href,
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: 2_000,
    })
  }

  get iterations(): number {
    return this.#iterations
  }

  /** Fixes the total work; the expected answers are computed here, in the main thread. */
  setIterations(iterations: number): void {
    const perThread = Math.max(1, Math.round(iterations / this.threads))
    this.#iterations = perThread * this.threads
    this.#expectedOne = cpuProbe({ seed: 1, iterations: this.#iterations })
    this.#expectedAll = this.#tasks().reduce((hash, task) => (hash ^ cpuProbe(task)) >>> 0, 0)
  }

  #tasks(): CpuProbeTask[] {
    const perThread = this.#iterations / this.threads
    return Array.from({ length: this.threads }, (_, i) => ({ seed: i + 1, iterations: perThread }))
  }

  /** All the work as one task, on one worker thread. */
  one(): Promise<number> {
    return this.#pool.run({ seed: 1, iterations: this.#iterations })
  }

  /** The same amount of work as `threads` tasks at once. */
  async all(): Promise<number> {
    const hashes = await Promise.all(this.#tasks().map((task) => this.#pool.run(task)))
    return hashes.reduce((hash, part) => (hash ^ part) >>> 0, 0)
  }

  get expectedOne(): number {
    return this.#expectedOne
  }

  get expectedAll(): number {
    return this.#expectedAll
  }

  destroy(): Promise<void> {
    return this.#pool.destroy()
  }
}
