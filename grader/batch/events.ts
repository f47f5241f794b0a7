import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { MachineInfo, StudentRow } from '../types.js'
import type { Shard } from '../shard/shard.js'

/** One line of OUT/events.jsonl or OUT/shard-<I>-of-<N>.jsonl: what `merge` replays. */
export type BatchEvent =
  | {
      type: 'begin'
      schemaVersion: 1
      graderVersion: string
      /** What must match across shards (grader version and every run option). */
      runKey: string
      startedAt: string
      shard?: Shard
      machine: MachineInfo
      options: {
        seed: number
        secretFingerprint?: string
        size: string
        bench: boolean
        quick: boolean
        exercises: string[]
      }
      students: string[]
    }
  | { type: 'student'; row: StudentRow; resumed: boolean }
  | { type: 'end'; durationMs: number }

export interface EventLog {
  write(event: BatchEvent): void
  close(): Promise<void>
}

/** A fresh log, written a line at a time, so that what was graded before an interruption is on disk. */
export function createEventLog(path: string): EventLog {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, '')
  return {
    write: (event) => appendFileSync(path, `${JSON.stringify(event)}\n`),
    close: () => Promise.resolve(),
  }
}
