// Counts the lines of a stream of byte chunks (a file read asynchronously, or gunzip's output): whole lines are
// counted straight from each chunk; the piece of a line that straddles two chunks is carried over.
import { createReadStream } from 'node:fs'
import type { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import type { LogCounter } from './log-counter.js'
import { blockBytes } from './read-sync.js'

export const isGzip = (path: string): boolean => path.endsWith('.gz')

/** The file's bytes as a stream, decompressed when its name ends in .gz. */
export function openLogStream(path: string): Readable {
  const file = createReadStream(path, { highWaterMark: blockBytes })
  return isGzip(path) ? file.pipe(createGunzip({ chunkSize: 256 * 1024 })) : file
}

export class LineCarry {
  #carry = Buffer.allocUnsafe(64 * 1024)
  #kept = 0
  readonly #counter: LogCounter

  constructor(counter: LogCounter) {
    this.#counter = counter
  }

  push(chunk: Buffer): void {
    let from = 0
    if (this.#kept > 0) {
      const newline = chunk.indexOf(0x0a)
      if (newline < 0) {
        this.#keep(chunk, 0, chunk.length)
        return
      }
      this.#keep(chunk, 0, newline)
      this.#counter.line(this.#carry, 0, this.#kept)
      this.#kept = 0
      from = newline + 1
    }
    const lastNewline = chunk.lastIndexOf(0x0a)
    if (lastNewline < from) {
      this.#keep(chunk, from, chunk.length)
      return
    }
    this.#counter.lines(chunk, from, lastNewline + 1)
    this.#keep(chunk, lastNewline + 1, chunk.length)
  }

  /** The end of the input: a last line without a newline is a line all the same. */
  end(): void {
    if (this.#kept > 0) this.#counter.line(this.#carry, 0, this.#kept)
    this.#kept = 0
  }

  #keep(chunk: Buffer, start: number, end: number): void {
    const length = end - start
    if (length === 0) return
    if (this.#kept + length > this.#carry.length) {
      const larger = Buffer.allocUnsafe(Math.max(this.#carry.length * 2, this.#kept + length))
      this.#carry.copy(larger, 0, 0, this.#kept)
      this.#carry = larger
    }
    chunk.copy(this.#carry, this.#kept, start, end)
    this.#kept += length
  }
}

/** Counts every line of the stream. */
export async function countStream(stream: Readable, counter: LogCounter): Promise<void> {
  const carry = new LineCarry(counter)
  for await (const chunk of stream) carry.push(chunk as Buffer)
  carry.end()
}
