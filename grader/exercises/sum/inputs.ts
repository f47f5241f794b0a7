// Inputs of the `sum` exercise, built the same way in the grader (for expected values) and in the child.

export type SumInput =
  | { kind: 'range'; from: number; to: number }
  | { kind: 'literal'; values: number[] }
  | { kind: 'random'; seed: number; length: number; min: number; max: number }
  /** A view into a larger random array: exercises `byteOffset`. */
  | { kind: 'random-view'; seed: number; baseLength: number; offset: number; length: number }
  /** A view into the round's base array (benchmarks): built once per round, windows cost nothing. */
  | { kind: 'window'; offset: number; length: number }

export interface SumRound {
  seed: number
  length: number
}

export const baseKey = 'sum.base'

function sharedArray(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(length * Float64Array.BYTES_PER_ELEMENT))
}

/** Integers in [min, max] from a xorshift32 stream: fast enough for tens of millions, identical everywhere. */
export function randomIntegers(seed: number, length: number, min: number, max: number): Float64Array {
  const values = sharedArray(length)
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

export function prepareSumRound(round: SumRound, state: Map<string, unknown>): void {
  state.set(baseKey, randomIntegers(round.seed, round.length, -1_000_000, 1_000_000))
}
