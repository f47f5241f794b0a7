import { UsageError } from '../errors.js'

export interface Shard {
  /** 1-based. */
  current: number
  total: number
}

/** "2/8" → { current: 2, total: 8 }, worded like Playwright's errors. */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim())
  const current = Number(match?.[1])
  const total = Number(match?.[2])
  if (!match || !Number.isInteger(total) || total < 1) {
    throw new UsageError(`--shard "${text}" must be in the form "current/all", e.g. --shard 2/8`)
  }
  if (!Number.isInteger(current) || current < 1 || current > total) {
    throw new UsageError(`--shard "${text}" current must be a positive number, not greater than shard total`)
  }
  return { current, total }
}

/** A contiguous slice of a stable order; the slices of 1..total cover every item exactly once. */
export function selectShard<T>(items: readonly T[], shard: Shard): T[] {
  const start = Math.floor(((shard.current - 1) * items.length) / shard.total)
  const end = Math.floor((shard.current * items.length) / shard.total)
  return items.slice(start, end)
}
