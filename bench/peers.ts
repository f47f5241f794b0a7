import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

/** The Python interpreter the peers run with, and why a better one was not available. */
export interface PythonChoice {
  /** What we spawn: an absolute path, or `python3` resolved on PATH. */
  command: string
  /** sys.executable, as the interpreter reports it. */
  executable: string
  hasNumpy: boolean
  /** Why numpy is missing, naming every interpreter tried; undefined when it imports. */
  numpyMissing?: string
}

interface Probe {
  command: string
  executable?: string
  numpy?: string
}

function probePython(command: string): Probe {
  const script =
    'import sys\nprint(sys.executable)\ntry:\n import numpy\n print(numpy.__version__)\nexcept Exception:\n print("")'
  const result = spawnSync(command, ['-c', script], { encoding: 'utf8', timeout: 20_000 })
  if (result.status !== 0 || typeof result.stdout !== 'string') return { command }
  const [executable, numpy] = result.stdout.split('\n')
  return { command, executable: executable || command, numpy: numpy || undefined }
}

/** /usr/bin/python3 when it has numpy, else `python3` on PATH; undefined when there is no Python at all. */
export function choosePython(): PythonChoice | undefined {
  const system = existsSync('/usr/bin/python3')
    ? probePython('/usr/bin/python3')
    : { command: '/usr/bin/python3' }
  if (system.executable !== undefined && system.numpy !== undefined) {
    return { command: system.command, executable: system.executable, hasNumpy: true }
  }
  const onPath = probePython('python3')
  const chosen =
    onPath.executable !== undefined ? onPath : system.executable !== undefined ? system : undefined
  if (chosen === undefined) return undefined
  const tried = [system, onPath]
    .filter((probe) => probe.executable !== undefined)
    .map((probe) =>
      probe.command === probe.executable ? probe.command : `${probe.command} (${probe.executable})`,
    )
  return {
    command: chosen.command,
    executable: chosen.executable!,
    hasNumpy: chosen.numpy !== undefined,
    numpyMissing: chosen.numpy === undefined ? `not installed for ${tried.join(' nor ')}` : undefined,
  }
}

export interface PythonHeader {
  python: string
  implementation: string
  executable: string
  cpu_count: number
  n: number
  numpy: string | null
  numpy_error: string | null
  modes: string[]
}

interface Reply {
  mode?: string
  seconds?: number
  total?: number
  skipped?: string
  error?: string
}

export const peerScript = fileURLToPath(new URL('./peers/sum.py', import.meta.url))

/**
 * bench/peers/sum.py in --serve mode: one long-lived Python process that times one computation per request,
 * inside Python, so the peers can take turns with our strategies in the same rounds.
 */
export class PythonPeer {
  readonly header: PythonHeader
  readonly #child: ChildProcessWithoutNullStreams
  readonly #lines: AsyncIterator<string>
  readonly #stderr: string[]

  private constructor(
    child: ChildProcessWithoutNullStreams,
    lines: AsyncIterator<string>,
    header: PythonHeader,
    stderr: string[],
  ) {
    this.#child = child
    this.#lines = lines
    this.header = header
    this.#stderr = stderr
  }

  static async start(command: string, n: number): Promise<PythonPeer> {
    const child = spawn(command, [peerScript, '--serve', '--n', String(n)], {
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    const stderr: string[] = []
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk))
    const spawned = new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve)
      child.once('error', reject)
    })
    await spawned
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
    const first = await lines.next()
    if (first.done === true) throw new Error(`${command} ${peerScript} --serve exited: ${tail(stderr)}`)
    return new PythonPeer(child, lines, JSON.parse(first.value) as PythonHeader, stderr)
  }

  /** One timed run of `mode`: its seconds as measured inside Python, or why it did not run. */
  async measure(mode: string): Promise<Reply> {
    this.#child.stdin.write(`${JSON.stringify({ mode })}\n`)
    const next = await this.#lines.next()
    if (next.done === true) throw new Error(`the Python peer exited during '${mode}': ${tail(this.#stderr)}`)
    return JSON.parse(next.value) as Reply
  }

  async close(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()))
    this.#child.stdin.end(`${JSON.stringify({ quit: true })}\n`)
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 5_000)
    await exited
    clearTimeout(timer)
  }
}

function tail(chunks: string[]): string {
  const text = chunks.join('').trim()
  return text === '' ? '(nothing on stderr)' : text.split('\n').slice(-5).join(' | ')
}
