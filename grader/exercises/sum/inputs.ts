// Inputs of the `sum` exercise, built the same way in the grader (for expected values) and in the child.

export type SumInput =
  | { kind: 'range'; from: number; to: number }
  | { kind: 'literal'; values: number[] }
  | { kind: 'random'; seed: number; length: number; min: number; max: number }
  /** A view into a larger random array: exercises `byteOffset`. */
  | { kind: 'random-view'; seed: number; baseLength: number; offset: number; length: number }
  /**
   * A view into the round's base array (benchmarks): built once per round, windows cost nothing. `touch` values are
   * written into the window right before the call and taken back right after (freshBytes).
   */
  | { kind: 'window'; offset: number; length: number; touch?: number }

export interface SumRound {
  seed: number
  length: number
}

export const baseKey = 'sum.base'

function sharedArray(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(length * Float64Array.BYTES_PER_ELEMENT))
}

/**
 * Integers in [min, max] from a xorshift32 stream: fast enough for tens of millions, identical everywhere. Written
 * into `into` when given (its length is the count).
 */
export function randomIntegers(
  seed: number,
  length: number,
  min: number,
  max: number,
  into: Float64Array = sharedArray(length),
): Float64Array {
  const values = into
  const span = max - min + 1
  let x = seed >>> 0 || 0x9e3779b9
  for (let i = 0; i < length; i++) {
    x ^= x << 13
    x >>>= 0
    x ^= x >>> 17
    x ^= x << 5
    x >>>= 0
    values[i] = min + (x % span)
  }
  return values
}

export function buildSumInput(input: SumInput, state: Map<string, unknown>): Float64Array {
  switch (input.kind) {
    case 'range': {
      const values = sharedArray(Math.max(0, input.to - input.from + 1))
      for (let i = 0; i < values.length; i++) values[i] = input.from + i
      return values
    }
    case 'literal': {
      const values = sharedArray(input.values.length)
      values.set(input.values)
      return values
    }
    case 'random':
      return randomIntegers(input.seed, input.length, input.min, input.max)
    case 'random-view':
      return randomIntegers(input.seed, input.baseLength, -1000, 1000).subarray(
        input.offset,
        input.offset + input.length,
      )
    case 'window': {
      const base = state.get(baseKey)
      if (!(base instanceof Float64Array)) throw new Error('sum: no base array prepared for this round')
      return base.subarray(input.offset, input.offset + input.length)
    }
  }
}

/**
 * A round's base array, written over the previous round's when it has the same length: a new 100 MB shared buffer
 * each round is freed only when the garbage collector gets to it, and a busy machine's 24 rounds outgrew the
 * memory limit that way.
 */
export function prepareSumRound(round: SumRound, state: Map<string, unknown>): void {
  const previous = state.get(baseKey)
  const reuse = previous instanceof Float64Array && previous.length === round.length ? previous : undefined
  state.set(baseKey, randomIntegers(round.seed, round.length, -1_000_000, 1_000_000, reuse))
}

/** How many values of a window a timed call gets new, at places no earlier call could know. */
export const touchedPerCall = 16

/**
 * The places and new values a timed call's window gets (distinct places, from the call's `touch` seed): the same in
 * the child, which writes them, and in the grader, which adds their difference to the expected sum.
 */
export function touchesOf(touch: number, length: number): { at: number; value: number }[] {
  const touches = new Map<number, number>()
  let x = touch >>> 0 || 0x2545f491
  for (let i = 0; i < touchedPerCall && length > 0; i++) {
    x ^= x << 13
    x >>>= 0
    x ^= x >>> 17
    x ^= x << 5
    x >>>= 0
    const at = x % length
    if (!touches.has(at)) touches.set(at, ((Math.imul(x, 0x9e3779b1) >>> 0) % 2_000_001) - 1_000_000)
  }
  return [...touches].map(([at, value]) => ({ at, value }))
}

/**
 * Fresh bytes for a timed call (issue: a table of prefix sums built once per round answered every later call in
 * O(1)): a few values of the window change right before the call and are put back right after, so that no work done
 * before the clock started can answer it, at the cost of a few writes.
 */
export function freshBytes(
  input: SumInput,
  values: Float64Array,
): { enter(): void; leave(): void } | undefined {
  if (input.kind !== 'window' || input.touch === undefined) return undefined
  const touches = touchesOf(input.touch, values.length)
  const saved = touches.map(({ at }) => values[at]!)
  return {
    enter: () => touches.forEach(({ at, value }) => (values[at] = value)),
    leave: () => touches.forEach(({ at }, i) => (values[at] = saved[i]!)),
  }
}
