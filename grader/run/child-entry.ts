// Runs inside the sandboxed child: loads student (or reference) modules and calls them on request.
// Bundled by esbuild into the run's workspace; it must not import anything from the project at run time.
import { Socket } from 'node:net'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { aroundCall, buildInput, prepareRound, type AroundCall } from '../exercises/inputs.js'
import { channelFd, encodeFrame, FrameReader } from './channel.js'
import type { ChildMessage, ParentMessage } from './protocol.js'
import type { ArgSpec, SerializedError } from '../types.js'

// The channel to the grader, opened before any student code loads. Student code could still write to the same
// descriptor: the grader trusts no message, accepts one reply per call in flight and judges every answer itself.
const channel = new Socket({ fd: channelFd, readable: true, writable: true })
const send = (message: ChildMessage): void => void channel.write(encodeFrame(message))
const now = performance.now.bind(performance)
const buildRoot = process.argv[2]!
const roundState = new Map<string, unknown>()

function serializeError(thrown: unknown): SerializedError {
  if (thrown instanceof Error) {
    const code = (thrown as { code?: unknown }).code
    return {
      name: String(thrown.name),
      message: String(thrown.message),
      ...(thrown.stack ? { stack: String(thrown.stack) } : {}),
      ...(typeof code === 'string' ? { code } : {}),
    }
  }
  let shown: string
  try {
    shown = typeof thrown === 'string' ? JSON.stringify(thrown) : String(thrown)
  } catch {
    shown = Object.prototype.toString.call(thrown)
  }
  return { name: 'NonError', message: `threw a non-Error value: ${shown} (${typeof thrown})` }
}

async function loadExport(
  id: number,
  module: string,
  exportName: string,
): Promise<((...args: unknown[]) => unknown) | undefined> {
  let namespace: Record<string, unknown>
  try {
    namespace = (await import(pathToFileURL(`${buildRoot}/${module}`).href)) as Record<string, unknown>
  } catch (error) {
    send({ type: 'load-failed', id, error: serializeError(error) })
    return undefined
  }
  const fn = namespace[exportName]
  if (typeof fn !== 'function') {
    send({ type: 'missing-export', id, exportName, available: Object.keys(namespace) })
    return undefined
  }
  return fn as (...args: unknown[]) => unknown
}

function materialize(args: ArgSpec[], onProgress: () => void): unknown[] {
  return args.map((arg) => {
    if (arg.kind === 'value') return arg.value
    if (arg.kind === 'progress-callback') return onProgress
    if (arg.kind === 'scratch-path') return join(process.cwd(), arg.name)
    return buildInput(arg.name, arg.params, roundState)
  })
}

// A value that cannot cross the process boundary (a Proxy, a function, a throwing getter) is the student's error.
function sendable(value: unknown): unknown {
  try {
    return structuredClone(value)
  } catch (error) {
    throw new TypeError(`the returned value cannot be sent to the grader: ${serializeError(error).message}`, {
      cause: error,
    })
  }
}

async function call(message: Extract<ParentMessage, { type: 'call' }>): Promise<void> {
  const fn = await loadExport(message.id, message.module, message.exportName)
  if (!fn) return
  let progressCalls = 0
  const args = materialize(message.args, () => void progressCalls++)
  const started = now()
  try {
    const result = fn(...args)
    const wasPromise = result instanceof Promise
    const value = sendable(await result)
    send({ type: 'returned', id: message.id, value, wasPromise, durationMs: now() - started, progressCalls })
  } catch (error) {
    send({ type: 'threw', id: message.id, error: serializeError(error), durationMs: now() - started })
  }
}

async function batch(message: Extract<ParentMessage, { type: 'batch' }>): Promise<void> {
  const fn = await loadExport(message.id, message.module, message.exportName)
  if (!fn) return
  const inputs = message.calls.map((args) => materialize(args, () => undefined))
  const around = message.calls.map((args, call) =>
    args.flatMap((arg, i) =>
      arg.kind === 'input' ? (aroundCall(arg.name, arg.params, inputs[call]![i]) ?? []) : [],
    ),
  )
  const values: unknown[] = []
  const started = now()
  const each = (changes: AroundCall[] | undefined, step: 'enter' | 'leave'): void =>
    changes?.forEach((change) => change[step]())
  try {
    for (const [call, args] of inputs.entries()) {
      each(around[call], 'enter')
      try {
        values.push(sendable(await fn(...args)))
      } finally {
        each(around[call], 'leave')
      }
    }
    send({ type: 'batch-done', id: message.id, values })
  } catch (error) {
    send({ type: 'threw', id: message.id, error: serializeError(error), durationMs: now() - started })
  }
}

function handle(message: ParentMessage): void {
  if (message.type === 'call') void call(message)
  else if (message.type === 'batch') void batch(message)
  else {
    prepareRound(message.name, message.params, roundState)
    send({ type: 'prepared', id: message.id })
  }
}

const frames = new FrameReader(Infinity)
channel.on('data', (chunk: Buffer) => {
  for (const frame of frames.push(chunk)) if (frame.ok) handle(frame.message as ParentMessage)
})
// The grader gone (or the channel closed by student code): nothing left to answer.
channel.on('close', () => process.exit(1))
channel.on('error', () => process.exit(1))
send({ type: 'ready' })
// A stray rejection after a call has answered must not take the child down with it.
process.on('unhandledRejection', (reason) => {
  process.stderr.write(`unhandled rejection: ${serializeError(reason).message}\n`)
})
