// The grader ↔ child channel: a plain pipe with length-prefixed frames of structured-clone bytes. Unlike Node's
// 'ipc' channel it has no internal message types, no handle passing and no size without a cap, and a frame that
// does not parse is an error of the sender's, never an exception in the reader.
import { deserialize, serialize } from 'node:v8'

/** The stdio slot of the channel in the child (after stdin, stdout and stderr). */
export const channelFd = 3
/** The largest frame a child may send: a reply beyond it is the child's fault, not a reason to fill the grader. */
export const maxFrameBytes = 64 * 1024 ** 2
const headerBytes = 4

export function encodeFrame(message: unknown): Buffer {
  const body = serialize(message)
  const header = Buffer.alloc(headerBytes)
  header.writeUInt32BE(body.length)
  return Buffer.concat([header, body])
}

export type FrameEvent = { ok: true; message: unknown } | { ok: false; problem: string }

/** Splits a byte stream into frames; after the first problem it reads nothing more. */
export class FrameReader {
  readonly #maxBytes: number
  #chunks: Buffer[] = []
  #buffered = 0
  #broken = false

  constructor(maxBytes = maxFrameBytes) {
    this.#maxBytes = maxBytes
  }

  push(chunk: Buffer): FrameEvent[] {
    if (this.#broken) return []
    this.#chunks.push(chunk)
    this.#buffered += chunk.length
    const events: FrameEvent[] = []
    while (this.#buffered >= headerBytes) {
      const length = this.#peekLength()
      if (length > this.#maxBytes) {
        this.#broken = true
        const mb = (length / 1024 ** 2).toFixed(0)
        events.push({
          ok: false,
          problem: `it sent the grader a message of ${mb} MB, over the ${this.#maxBytes / 1024 ** 2} MB limit`,
        })
        break
      }
      if (this.#buffered < headerBytes + length) break
      const frame = this.#take(headerBytes + length).subarray(headerBytes)
      try {
        events.push({ ok: true, message: deserialize(frame) as unknown })
      } catch {
        this.#broken = true
        events.push({
          ok: false,
          problem: 'it wrote bytes to the channel to the grader that are not a message',
        })
        break
      }
    }
    return events
  }

  #peekLength(): number {
    if (this.#chunks[0]!.length < headerBytes) this.#chunks = [Buffer.concat(this.#chunks)]
    return this.#chunks[0]!.readUInt32BE(0)
  }

  #take(bytes: number): Buffer {
    const all = this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks)
    const rest = all.subarray(bytes)
    this.#chunks = rest.length > 0 ? [rest] : []
    this.#buffered = rest.length
    return all.subarray(0, bytes)
  }
}
