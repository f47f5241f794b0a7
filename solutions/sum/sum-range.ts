/** Sums values[start..end). Four independent accumulators break the floating-point add latency chain. */
export function sumRange(values: Float64Array, start: number, end: number): number {
  let a = 0
  let b = 0
  let c = 0
  let d = 0
  let i = start
  const unrolledEnd = end - ((end - start) % 4)
  for (; i < unrolledEnd; i += 4) {
    a += values[i]!
    b += values[i + 1]!
    c += values[i + 2]!
    d += values[i + 3]!
  }
  for (; i < end; i++) a += values[i]!
  return a + b + (c + d)
}

/** Splits n items into k contiguous ranges whose sizes differ by at most one; no item is left out. */
export function splitEvenly(n: number, k: number): [start: number, end: number][] {
  const parts = Math.max(1, Math.min(k, n))
  return Array.from({ length: parts }, (_, i) => [Math.floor((i * n) / parts), Math.floor(((i + 1) * n) / parts)])
}

export function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`)
  return value
}
