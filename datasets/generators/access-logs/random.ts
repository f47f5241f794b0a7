// A small, fast, seedable PRNG (sfc32) for the log generator: the same seed gives the same lines everywhere.

/** Mixes numbers into one 32-bit seed (murmur3's finaliser), so that nearby inputs give unrelated streams. */
export function mixSeed(...parts: number[]): number {
  let h = 0x811c9dc5
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0x85ebca6b)
    h ^= h >>> 13
    h = Math.imul(h, 0xc2b2ae35)
    h ^= h >>> 16
  }
  return h >>> 0
}

export class Random {
  #a: number
  #b: number
  #c: number
  #d: number

  constructor(seed: number) {
    this.#a = 0x9e3779b9
    this.#b = 0x243f6a88
    this.#c = 0xb7e15162
    this.#d = seed >>> 0
    for (let i = 0; i < 12; i++) this.uint32()
  }

  uint32(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0
    this.#d = (this.#d + 1) | 0
    this.#a = this.#b ^ (this.#b >>> 9)
    this.#b = (this.#c + (this.#c << 3)) | 0
    this.#c = (this.#c << 21) | (this.#c >>> 11)
    this.#c = (this.#c + t) | 0
    return t >>> 0
  }

  /** A float in [0, 1). */
  float(): number {
    return this.uint32() / 4294967296
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.float() * n)
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.below(max - min + 1)
  }

  chance(p: number): boolean {
    return this.float() < p
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!
  }

  /** Log-normal around `median` (sigma in natural-log units): sizes of files and pages. */
  logNormal(median: number, sigma: number): number {
    const u = Math.max(this.float(), 1e-12)
    const v = this.float()
    return median * Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v))
  }
}

/** Items drawn by weight in O(log n): a cumulative table searched by bisection. */
export class Weighted<T> {
  readonly items: readonly T[]
  readonly #cumulative: Float64Array

  constructor(entries: readonly (readonly [T, number])[]) {
    this.items = entries.map(([item]) => item)
    this.#cumulative = new Float64Array(entries.length)
    let total = 0
    entries.forEach(([, weight], i) => (this.#cumulative[i] = total += weight))
    for (let i = 0; i < entries.length; i++) this.#cumulative[i]! /= total
  }

  /** The share of draws that give item i. */
  share(i: number): number {
    return this.#cumulative[i]! - (i > 0 ? this.#cumulative[i - 1]! : 0)
  }

  index(random: Random): number {
    const u = random.float()
    const cumulative = this.#cumulative
    let lo = 0
    let hi = cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (cumulative[mid]! > u) hi = mid
      else lo = mid + 1
    }
    return lo
  }

  pick(random: Random): T {
    return this.items[this.index(random)]!
  }
}

/** Zipf weights 1/rank^s for ranks 1..n. */
export function zipfWeights(n: number, s: number): number[] {
  return Array.from({ length: n }, (_, i) => 1 / (i + 1) ** s)
}
