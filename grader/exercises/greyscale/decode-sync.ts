// Decodes images with sharp from synchronous code (a benchmark sample's clean-up hook cannot await): a worker
// thread runs sharp while this thread waits on an Atomics flag, then takes the reply off the port.
import { createRequire } from 'node:module'
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads'
// In this thread before the worker loads it (sharp issue 2263).
import 'sharp'

export interface Decoded {
  data: Uint8Array
  width: number
  height: number
  channels: number
}

const workerSource = `
const { workerData } = require('node:worker_threads')
const sharp = require(workerData.sharp)
const flag = new Int32Array(workerData.flag)
workerData.port.on('message', async (source) => {
  let reply
  try {
    const { data, info } = await sharp(source).raw().toBuffer({ resolveWithObject: true })
    reply = { data, width: info.width, height: info.height, channels: info.channels }
  } catch (error) {
    reply = { error: String((error && error.message) || error) }
  }
  workerData.port.postMessage(reply)
  Atomics.store(flag, 0, 1)
  Atomics.notify(flag, 0)
})
`

const timeoutMs = 10_000

export class SyncDecoder {
  readonly #worker: Worker
  readonly #port: MessagePort
  readonly #flag = new Int32Array(new SharedArrayBuffer(4))

  constructor() {
    const { port1, port2 } = new MessageChannel()
    this.#port = port1
    this.#worker = new Worker(workerSource, {
      eval: true,
      workerData: {
        sharp: createRequire(import.meta.url).resolve('sharp'),
        flag: this.#flag.buffer,
        port: port2,
      },
      transferList: [port2],
    })
    this.#worker.unref()
    this.#port.unref()
  }

  /** Decodes a file, or bytes (`name` names them in errors). */
  decode(source: string | Uint8Array, name = typeof source === 'string' ? source : 'image'): Decoded {
    Atomics.store(this.#flag, 0, 0)
    this.#port.postMessage(source)
    if (Atomics.wait(this.#flag, 0, 0, timeoutMs) === 'timed-out')
      throw new Error(`decoding ${name} took over ${timeoutMs} ms`)
    const reply = receiveMessageOnPort(this.#port)?.message as (Decoded & { error?: string }) | undefined
    if (!reply) throw new Error(`no answer decoding ${name}`)
    if (reply.error !== undefined) throw new Error(`${name}: ${reply.error}`)
    return reply
  }

  close(): Promise<number> {
    this.#port.close()
    return this.#worker.terminate()
  }
}
