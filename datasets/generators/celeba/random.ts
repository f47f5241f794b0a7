// Seeded randomness for the CelebA-shaped generator: every image and row draws from its own stream, so that
// images can be made in any order, on any worker, and come out the same.

import { createRng } from '../../../grader/util/stats.js'

/** A 32-bit hash of a few integers (murmur3's finaliser over a simple mix). */
export function hash32(...values: number[]): number {
  let h = 0x811c9dc5
  for (const value of values) {
    h = Math.imul(h ^ (value >>> 0), 0x01000193)
    h ^= h >>> 15
    h = Math.imul(h, 0x85ebca6b)
    h ^= h >>> 13
  }
  h = Math.imul(h ^ (h >>> 16), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

/** A seeded stream of floats in [0, 1) (mulberry32). */
export const createStream = createRng

export const between = (random: () => number, low: number, high: number): number =>
  low + (high - low) * random()

export const integerBetween = (random: () => number, low: number, high: number): number =>
  Math.floor(between(random, low, high + 1))
