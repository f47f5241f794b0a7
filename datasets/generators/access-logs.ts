// The access-logs data set: one big Zanbil-shaped access.log and the same lines rotated by day in rotated/
// (access.log, access.log.1, access.log.2.gz … access.log.4.gz), as logrotate leaves them.
import { closeSync, createWriteStream, mkdirSync, openSync, writeSync, type WriteStream } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { finished } from 'node:stream/promises'
import { createGzip, type Gzip } from 'node:zlib'
import type { DataSize } from '../../grader/types.js'
import { generateChunk, type Chunk, type ChunkRequest } from './access-logs/lines.js'
import { onPoolInOrder } from './in-order.js'
import type { DatasetGenerator, GenerateOptions } from './types.js'

export const linesBySize: Record<DataSize, number> = { tiny: 20_000, small: 200_000, full: 10_000_000 }
/** Lines per chunk: fixed, so that the output does not depend on how many workers made it. */
export const chunkLines = 25_000
/** The rotated file of each day: the newest is the plain access.log, the older ones are compressed. */
export const rotatedNames: Record<number, string> = {
  26: 'access.log',
  25: 'access.log.1',
  24: 'access.log.2.gz',
  23: 'access.log.3.gz',
  22: 'access.log.4.gz',
}
const parallelAbove = 1_000_000

const workerFile = new URL(
  import.meta.url.endsWith('.ts') ? './access-logs/chunk.worker.ts' : './access-logs/chunk.worker.js',
  import.meta.url,
)

export interface AccessLogOptions {
  lines: number
  seed: number
  dir: string
  /** Also write rotated/ (default true). */
  rotated?: boolean
  /** Worker threads (default: a pool of os.availableParallelism() above 1 M lines, this thread below). */
  workers?: number
  onProgress?: (linesDone: number, totalLines: number) => void
}

/** Appends chunks, in order, to access.log and to the day's rotated file (through gzip for the older days). */
class LogWriter {
  readonly #single: number
  readonly #rotatedDir: string | undefined
  readonly #plain = new Map<number, number>()
  readonly #gzip = new Map<number, { gzip: Gzip; file: WriteStream }>()

  constructor(dir: string, rotated: boolean) {
    mkdirSync(dir, { recursive: true })
    this.#single = openSync(join(dir, 'access.log'), 'w')
    if (rotated) {
      this.#rotatedDir = join(dir, 'rotated')
      mkdirSync(this.#rotatedDir)
    }
  }

  async append(chunk: Chunk): Promise<void> {
    writeAll(this.#single, chunk.bytes)
    if (!this.#rotatedDir) return
    let start = 0
    for (const { day, end } of chunk.days) {
      await this.#appendDay(day, chunk.bytes.subarray(start, end))
      start = end
    }
  }

  async #appendDay(day: number, bytes: Uint8Array): Promise<void> {
    const name = rotatedNames[day]
    if (name === undefined) throw new Error(`access-logs generator: a line fell on ${day} Jan, outside 22–26`)
    const path = join(this.#rotatedDir!, name)
    if (!name.endsWith('.gz')) {
      let fd = this.#plain.get(day)
      if (fd === undefined) this.#plain.set(day, (fd = openSync(path, 'w')))
      writeAll(fd, bytes)
      return
    }
    let stream = this.#gzip.get(day)
    if (!stream) {
      const gzip = createGzip({ level: 4 })
      const file = createWriteStream(path)
      gzip.pipe(file)
      this.#gzip.set(day, (stream = { gzip, file }))
    }
    // The gzip stream keeps a reference to the bytes it has not compressed yet: give it its own copy.
    if (!stream.gzip.write(Buffer.from(bytes)))
      await new Promise((resolve) => stream.gzip.once('drain', resolve))
  }

  async close(): Promise<void> {
    closeSync(this.#single)
    for (const fd of this.#plain.values()) closeSync(fd)
    await Promise.all(
      [...this.#gzip.values()].map(async ({ gzip, file }) => {
        gzip.end()
        await finished(file)
      }),
    )
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done)
}

function requests(lines: number, seed: number): ChunkRequest[] {
  const out: ChunkRequest[] = []
  for (let first = 0; first < lines; first += chunkLines) {
    out.push({ seed, first, count: Math.min(chunkLines, lines - first), totalLines: lines })
  }
  return out
}

function* sequentialChunks(all: ChunkRequest[]): Generator<Chunk> {
  for (const request of all) yield generateChunk(request)
}

/** Writes a Zanbil-shaped log of `lines` lines; the same lines and seed give the same bytes. */
export async function writeAccessLogs(options: AccessLogOptions): Promise<void> {
  const { lines, seed, dir } = options
  const all = requests(lines, seed)
  const writer = new LogWriter(dir, options.rotated ?? true)
  let done = 0
  try {
    const workers = options.workers ?? (lines > parallelAbove ? availableParallelism() : 0)
    const chunks =
      workers > 0 ? onPoolInOrder<ChunkRequest, Chunk>(workerFile, all, workers) : sequentialChunks(all)
    for await (const chunk of chunks) {
      await writer.append(chunk)
      done = Math.min(lines, done + chunkLines)
      options.onProgress?.(done, lines)
    }
  } finally {
    await writer.close()
  }
}

const formatCount = (n: number): string => n.toLocaleString('en-US')

export const accessLogsGenerator: DatasetGenerator = {
  describe: (size) =>
    `${formatCount(linesBySize[size])} Zanbil-shaped lines in access.log (about ${Math.round((linesBySize[size] * 340) / 1e6)} MB), ` +
    'and the same lines rotated by day in rotated/ (access.log, access.log.1, access.log.2.gz … access.log.4.gz)',
  generate: ({ size, seed, dir, onProgress }: GenerateOptions) =>
    writeAccessLogs({ lines: linesBySize[size], seed, dir, ...(onProgress ? { onProgress } : {}) }),
}
