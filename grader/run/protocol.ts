// Messages between the grader and a sandboxed child, sent as frames over the channel (channel.ts).
import type { ArgSpec, SerializedError } from '../types.js'

export interface CallTarget {
  /** Path of the compiled module, relative to the child's build folder (e.g. "sum/parallel.js"). */
  module: string
  exportName: string
}

export type ParentMessage =
  | ({ type: 'call'; id: number; args: ArgSpec[] } & CallTarget)
  | ({ type: 'batch'; id: number; calls: ArgSpec[][] } & CallTarget)
  | { type: 'prepare'; id: number; name: string; params: unknown }

export type ChildReply =
  /** durationMs: the call alone, as the child timed it (the grader keeps it only up to what it measured itself). */
  | {
      type: 'returned'
      id: number
      value: unknown
      wasPromise: boolean
      durationMs: number
      progressCalls: number
    }
  | { type: 'threw'; id: number; error: SerializedError; durationMs: number }
  | { type: 'missing-export'; id: number; exportName: string; available: string[] }
  | { type: 'load-failed'; id: number; error: SerializedError }
  | { type: 'batch-done'; id: number; values: unknown[] }
  | { type: 'prepared'; id: number }

/** The child's first message, once its channel is open and before any student code loads. */
export type ChildMessage = { type: 'ready' } | ChildReply

// Text from the child is shown to people: capped, so that a 60 MB error message stays a line in a report.
const maxTextLength = 16_384
const maxNames = 1_000

type Record_ = Record<string, unknown>
const isRecord = (value: unknown): value is Record_ =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value.slice(0, maxTextLength) : undefined
const isId = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0
const isDuration = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0

function serializedError(value: unknown): SerializedError | undefined {
  if (!isRecord(value)) return undefined
  const name = text(value.name)
  const message = text(value.message)
  if (name === undefined || message === undefined) return undefined
  const stack = text(value.stack)
  const code = text(value.code)
  return { name, message, ...(stack !== undefined ? { stack } : {}), ...(code !== undefined ? { code } : {}) }
}

/**
 * A message from the child, checked field by field before anything reads it: the child runs student code, so
 * every message may be forged or malformed. Returns the message rebuilt from its checked fields, or a problem.
 */
export function parseChildMessage(raw: unknown): ChildMessage | { problem: string } {
  const bad = { problem: 'it sent the grader a message that is not a reply of the runtime' }
  if (!isRecord(raw) || typeof raw.type !== 'string') return bad
  if (raw.type === 'ready') return { type: 'ready' }
  const { id } = raw
  if (!isId(id)) return bad
  switch (raw.type) {
    case 'returned': {
      const { progressCalls, durationMs } = raw
      if (
        typeof raw.wasPromise !== 'boolean' ||
        !Number.isSafeInteger(progressCalls) ||
        !isDuration(durationMs)
      )
        return bad
      return {
        type: 'returned',
        id,
        value: raw.value,
        wasPromise: raw.wasPromise,
        durationMs,
        progressCalls: progressCalls as number,
      }
    }
    case 'threw': {
      const error = serializedError(raw.error)
      const { durationMs } = raw
      return error && isDuration(durationMs) ? { type: 'threw', id, error, durationMs } : bad
    }
    case 'load-failed': {
      const error = serializedError(raw.error)
      return error ? { type: 'load-failed', id, error } : bad
    }
    case 'missing-export': {
      const exportName = text(raw.exportName)
      const { available } = raw
      if (exportName === undefined || !Array.isArray(available)) return bad
      const names = available.slice(0, maxNames).map(text)
      if (names.some((name) => name === undefined)) return bad
      return { type: 'missing-export', id, exportName, available: names as string[] }
    }
    case 'batch-done':
      return Array.isArray(raw.values) ? { type: 'batch-done', id, values: raw.values as unknown[] } : bad
    case 'prepared':
      return { type: 'prepared', id }
    default:
      return bad
  }
}
