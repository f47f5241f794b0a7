// Pure statistics for the benchmark: medians, quantiles and a bootstrap interval of a median of ratios.
import type { RatioEstimate } from '../types.js'

/** The q-quantile of an ascending array, linearly interpolated (Hyndman & Fan type 7, as in R and numpy). */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of an empty array')
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile q must be within [0, 1] (got ${q})`)
  const h = (sorted.length - 1) * q
  const below = Math.floor(h)
  const lower = sorted[below]!
  const upper = sorted[Math.min(below + 1, sorted.length - 1)]!
  return lower + (h - below) * (upper - lower)
}

function ascending(xs: readonly number[]): number[] {
  return [...xs].sort((a, b) => a - b)
}

export function median(xs: number[]): number {
  if (xs.length === 0) throw new RangeError('median of an empty array')
  return quantile(ascending(xs), 0.5)
}

/** Interquartile range over the median: a scale-free measure of scatter. */
export function relativeIqr(xs: number[]): number {
  if (xs.length === 0) throw new RangeError('relativeIqr of an empty array')
  const sorted = ascending(xs)
  const iqr = quantile(sorted, 0.75) - quantile(sorted, 0.25)
  const mid = quantile(sorted, 0.5)
  if (mid === 0) return iqr === 0 ? 0 : Infinity
  return iqr / Math.abs(mid)
}

/** mulberry32: a tiny seeded PRNG returning floats in [0, 1); good enough for resampling, not for secrets. */
export function createRng(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** numerator[i] / denominator[i] for each round. */
export function pairedRatios(numerator: number[], denominator: number[]): number[] {
  if (numerator.length !== denominator.length) {
    throw new RangeError(
      `pairedRatios needs arrays of the same length (numerator ${numerator.length}, denominator ${denominator.length})`,
    )
  }
  return numerator.map((x, i) => x / denominator[i]!)
}

export interface EstimateOptions {
  /** Two-sided confidence level, e.g. 0.95. */
  confidence: number
  resamples: number
  seed: number
}

function checkEstimateInput(ratios: number[], options: EstimateOptions): void {
  if (ratios.length === 0) throw new RangeError('estimateRatio needs at least one ratio')
  const bad = ratios.findIndex((r) => !Number.isFinite(r))
  if (bad >= 0)
    throw new RangeError(`estimateRatio: ratio ${bad} is not a finite number (got ${ratios[bad]})`)
  if (!(options.confidence > 0 && options.confidence < 1)) {
    throw new RangeError(`estimateRatio: confidence must be within (0, 1) (got ${options.confidence})`)
  }
  if (!Number.isInteger(options.resamples) || options.resamples < 1) {
    throw new RangeError(`estimateRatio: resamples must be a positive integer (got ${options.resamples})`)
  }
}

function middleOf(sorted: Float64Array): number {
  const half = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[half]! : (sorted[half - 1]! + sorted[half]!) / 2
}

function bootstrapMedians(ratios: number[], resamples: number, seed: number): number[] {
  const rng = createRng(seed)
  const n = ratios.length
  const sample = new Float64Array(n)
  const medians = new Array<number>(resamples)
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) sample[i] = ratios[Math.floor(rng() * n)]!
    medians[r] = middleOf(sample.sort())
  }
  return medians.sort((a, b) => a - b)
}

/** Median of paired ratios with a percentile-bootstrap confidence interval of that median (deterministic per seed). */
export function estimateRatio(ratios: number[], options: EstimateOptions): RatioEstimate {
  checkEstimateInput(ratios, options)
  const mid = median(ratios)
  const base = { median: mid, rounds: ratios.length, confidence: options.confidence }
  if (ratios.length === 1) return { ...base, low: mid, high: mid }
  const medians = bootstrapMedians(ratios, options.resamples, options.seed)
  const tail = (1 - options.confidence) / 2
  // A percentile interval can, with few rounds, miss the sample median by a hair; a report whose point lies
  // outside its own error bar would only confuse, so the interval is widened to include it.
  const low = Math.min(quantile(medians, tail), mid)
  const high = Math.max(quantile(medians, 1 - tail), mid)
  return { ...base, low, high }
}

/** How wide the interval is, relative to its lower end: high/low - 1 (0 for a degenerate interval). */
export function relativeWidth(e: RatioEstimate): number {
  if (e.low <= 0) return Infinity
  return e.high / e.low - 1
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
