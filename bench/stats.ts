// Small, pure statistics for the bench script: no I/O, no clocks.

export interface Spread {
  median: number
  p25: number
  p75: number
  min: number
  max: number
  n: number
}

/** Linear-interpolated quantile (q in [0, 1]) of the values; NaN when there are none. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const position = (sorted.length - 1) * Math.min(1, Math.max(0, q))
  const below = Math.floor(position)
  const above = Math.ceil(position)
  const low = sorted[below]!
  const high = sorted[above]!
  return low + (high - low) * (position - below)
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5)
}

export function spread(values: readonly number[]): Spread {
  return {
    median: median(values),
    p25: quantile(values, 0.25),
    p75: quantile(values, 0.75),
    min: values.length === 0 ? Number.NaN : Math.min(...values),
    max: values.length === 0 ? Number.NaN : Math.max(...values),
    n: values.length,
  }
}

/**
 * Per-round paired values: f(round) for every round where all the named series have a finite value.
 * The bench's ratios are the medians of these, never a ratio of two medians.
 */
export function paired(
  series: Readonly<Record<string, readonly number[]>>,
  names: readonly string[],
  f: (values: number[]) => number,
): number[] {
  const rounds = Math.min(...names.map((name) => series[name]?.length ?? 0))
  const out: number[] = []
  for (let round = 0; round < rounds; round++) {
    const values = names.map((name) => series[name]![round]!)
    if (values.every(Number.isFinite)) out.push(f(values))
  }
  return out
}

/** mulberry32: a tiny seeded generator, so a run's random orders can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
}

/** Fisher–Yates on a copy. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}
