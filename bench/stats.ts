// Small, pure statistics for the bench script: no I/O, no clocks.
import { quantile } from '../grader/util/stats.js'

export interface Spread {
  median: number
  p25: number
  p75: number
  min: number
  max: number
  n: number
}

/** Median, quartiles and range; NaN for no values. */
export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (q: number): number => (sorted.length === 0 ? Number.NaN : quantile(sorted, q))
  return {
    median: at(0.5),
    p25: at(0.25),
    p75: at(0.75),
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
