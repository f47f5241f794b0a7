import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

export const greyscalePeerScript = fileURLToPath(new URL('./peers/greyscale.py', import.meta.url))

export interface PillowHeader {
  python: string
  executable: string
  cpu_count: number
  pillow: string | null
  pillow_error: string | null
  quality: number
}

interface Reply {
  seconds?: number
  images?: number
  skipped?: string
  error?: string
}

/** bench/peers/greyscale.py --serve: the course's Pillow loop and Pool, timed inside Python, on request. */
export class PillowPeer {
  readonly header: PillowHeader
  readonly #child: ChildProcessWithoutNullStreams
  readonly #lines: AsyncIterator<string>

  private constructor(
    child: ChildProcessWithoutNullStreams,
    lines: AsyncIterator<string>,
    header: PillowHeader,
  ) {
    this.#child = child
    this.#lines = lines
    this.header = header
  }

  static async start(python: string): Promise<PillowPeer> {
    const child = spawn(python, [greyscalePeerScript, '--serve'], { stdio: ['pipe', 'pipe', 'pipe'] })
    const stderr: string[] = []
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk))
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve)
      child.once('error', reject)
    })
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
    const first = await lines.next()
    if (first.done === true)
      throw new Error(`${python} ${greyscalePeerScript} exited: ${stderr.join('').trim()}`)
    return new PillowPeer(child, lines, JSON.parse(first.value) as PillowHeader)
  }

  async measure(mode: 'seq' | 'pool', input: string, output: string): Promise<Reply> {
    this.#child.stdin.write(`${JSON.stringify({ mode, input, output })}\n`)
    const next = await this.#lines.next()
    if (next.done === true) throw new Error(`the Pillow peer exited during '${mode}'`)
    return JSON.parse(next.value) as Reply
  }

  async close(): Promise<void> {
    if (this.#child.exitCode !== null) return
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()))
    this.#child.stdin.end(`${JSON.stringify({ quit: true })}\n`)
    await exited
  }
}
