// From counts to the LogReport: decoded keys, top lists in the contract's order, 24 hour keys.
import type { KeyTableParts } from './key-table.js'
import { dateHourText, type LogCounter } from './log-counter.js'
import type { LogReport } from './types.js'

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n))

/** Count descending, then key ascending by UTF-16 code units (never localeCompare). */
export function byCountThenKey(a: [string, number], b: [string, number]): number {
  return b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)
}

/** The `top` best entries, in order; a small top is kept by insertion instead of sorting every key. */
export function topEntries(counts: Map<string, number>, top: number): [string, number][] {
  if (top <= 0) return []
  if (top > 64) return [...counts].sort(byCountThenKey).slice(0, top)
  const best: [string, number][] = []
  for (const entry of counts) {
    if (best.length === top && byCountThenKey(entry, best[top - 1]!) >= 0) continue
    let at = best.length === top ? top - 1 : best.length
    while (at > 0 && byCountThenKey(entry, best[at - 1]!) < 0) at--
    if (best.length === top) best.pop()
    best.splice(at, 0, entry)
  }
  return best
}

const keyOf = (parts: KeyTableParts, i: number): string => {
  const start = parts.offsets[i]!
  return Buffer.from(parts.arena.buffer, parts.arena.byteOffset, parts.arena.byteLength).toString(
    'utf8',
    start,
    start + parts.lengths[i]!,
  )
}

function isAscii(parts: KeyTableParts, i: number): boolean {
  const start = parts.offsets[i]!
  const end = start + parts.lengths[i]!
  for (let at = start; at < end; at++) if (parts.arena[at]! >= 0x80) return false
  return true
}

/**
 * The `top` keys of a table. Only keys that can enter the list are decoded; keys with bytes ≥ 0x80 are decoded first
 * and merged, since different invalid byte strings decode to the same U+FFFD string.
 */
export function topKeys(parts: KeyTableParts, top: number): [string, number][] {
  if (top > 64 || top >= parts.size) {
    const all = new Map<string, number>()
    for (let i = 0; i < parts.size; i++) {
      const key = keyOf(parts, i)
      all.set(key, (all.get(key) ?? 0) + parts.counts[i]!)
    }
    return topEntries(all, top)
  }
  const best: [string, number][] = []
  const consider = (count: number, key: () => string): void => {
    if (best.length === top && count < best[top - 1]![1]) return
    const entry: [string, number] = [key(), count]
    if (best.length === top && byCountThenKey(entry, best[top - 1]!) >= 0) return
    let at = best.length === top ? top - 1 : best.length
    while (at > 0 && byCountThenKey(entry, best[at - 1]!) < 0) at--
    if (best.length === top) best.pop()
    best.splice(at, 0, entry)
  }
  const merged = new Map<string, number>()
  for (let i = 0; i < parts.size; i++) {
    if (isAscii(parts, i)) consider(parts.counts[i]!, () => keyOf(parts, i))
    else {
      const key = keyOf(parts, i)
      merged.set(key, (merged.get(key) ?? 0) + parts.counts[i]!)
    }
  }
  for (const [key, count] of merged) consider(count, () => key)
  return best
}

export function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`${name} must be a positive integer (got ${value})`)
  return value
}

export function topOption(top: number | undefined): number {
  const value = top ?? 5
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`top must be an integer ≥ 0 (got ${value})`)
  return value
}

export function buildReport(counter: LogCounter, top: number): LogReport {
  const counts = counter.counts()
  const requestsPerHour: Record<string, number> = {}
  for (let hour = 0; hour < 24; hour++) requestsPerHour[pad2(hour)] = counts.hours[hour]!
  const requestsPerDateHour: Record<string, number> = {}
  for (const key of [...counts.dateHours.keys()].sort((a, b) => a - b)) {
    requestsPerDateHour[dateHourText(key)] = counts.dateHours.get(key)!
  }
  const statusCounts: Record<string, number> = {}
  counts.statuses.forEach((count, status) => {
    if (count > 0) statusCounts[String(status).padStart(3, '0')] = count
  })
  return {
    totalLines: counts.totalLines,
    parsedLines: counts.parsedLines,
    malformedLines: counts.totalLines - counts.parsedLines,
    topResources: topKeys(counts.resources, top),
    topUserAgents: topKeys(counts.agents, top),
    requestsPerHour,
    requestsPerDateHour,
    statusCounts,
  }
}
