import { performance } from 'node:perf_hooks'
import { median, shuffled } from '../grader/util/stats.js'

/** Something the bench measures: each call of `measure` is one timed repetition, in milliseconds. */
export interface Subject {
  id: string
  /** Repetitions per round; the round keeps their median. */
  reps: number
  measure: () => Promise<number>
}

export interface RoundsResult {
  /** The order the subjects ran in, round by round. */
  orders: string[][]
  /** Per subject, the median of its repetitions in each round (ms). */
  series: Record<string, number[]>
  /** Per subject and round, every repetition (ms). */
  samples: Record<string, number[][]>
}

export interface RoundsOptions {
  rounds: number
  random: () => number
  onRound?: (round: number, rounds: number) => void
}

/**
 * Times every subject in every round, in a fresh random order each round, so that the machine's drift
 * (other tenants, frequency, thermal) falls on all of them alike and per-round ratios pair like with like.
 */
export async function runRounds(subjects: readonly Subject[], options: RoundsOptions): Promise<RoundsResult> {
  const result: RoundsResult = { orders: [], series: {}, samples: {} }
  for (const subject of subjects) {
    result.series[subject.id] = []
    result.samples[subject.id] = []
  }
  for (let round = 0; round < options.rounds; round++) {
    const order = shuffled(subjects, options.random)
    result.orders.push(order.map((subject) => subject.id))
    // The repetitions are interleaved too (a, b, c, a, b, c, …), so that within a round every subject is timed
    // across the same stretch of time and the round's paired ratios compare like with like.
    const reps = new Map(order.map((subject) => [subject, [] as number[]]))
    const most = Math.max(0, ...order.map((subject) => subject.reps))
    for (let rep = 0; rep < most; rep++) {
      for (const subject of order) if (rep < subject.reps) reps.get(subject)!.push(await subject.measure())
    }
    for (const subject of subjects) {
      result.samples[subject.id]!.push(reps.get(subject)!)
      result.series[subject.id]!.push(median(reps.get(subject)!))
    }
    options.onRound?.(round + 1, options.rounds)
  }
  return result
}

/** A result that is not what it must be: the bench stops rather than report the speed of a wrong answer. */
export class WrongResultError extends Error {
  override name = 'WrongResultError'
}

/**
 * Times one call with the process's own clock and checks its result afterwards (outside the timed span).
 * A synchronous call is timed without an await, so no microtask turn is counted.
 */
export async function timeCall<T>(
  label: string,
  call: () => T | Promise<T>,
  verify: (value: T) => string | undefined,
): Promise<number> {
  const start = performance.now()
  const pending = call()
  const value = pending instanceof Promise ? await pending : pending
  const ms = performance.now() - start
  const problem = verify(value)
  if (problem !== undefined) throw new WrongResultError(`${label}: ${problem}`)
  return ms
}

/** verify() for a number that must equal `expected` exactly. */
export const equals =
  (expected: number) =>
  (value: unknown): string | undefined =>
    value === expected ? undefined : `expected exactly ${expected}, got ${String(value)}`
