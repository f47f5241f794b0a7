// Messages between the grader and a sandboxed child (Node IPC, 'advanced' serialisation).
import type { ArgSpec, SerializedError } from '../types.js'

export interface CallTarget {
  /** Path of the compiled module, relative to the child's build folder (e.g. "sum/parallel.js"). */
  module: string
  exportName: string
}

/** The first message to a child, before any student code loads: the token every genuine reply carries. */
export interface HelloMessage {
  type: 'hello'
  token: string
}

export type ParentMessage =
  | ({ type: 'call'; id: number; args: ArgSpec[] } & CallTarget)
  | ({ type: 'batch'; id: number; calls: ArgSpec[][] } & CallTarget)
  | { type: 'prepare'; id: number; name: string; params: unknown }

export type ChildReply =
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

/** A reply as sent: the runtime adds the token it was given, which student code never sees. */
export type SignedReply = ChildReply & { token: string }

export type ChildMessage = { type: 'ready'; token: string } | SignedReply
