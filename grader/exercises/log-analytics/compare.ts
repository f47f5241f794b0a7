// What differs between two reports, section by section, in a few lines a student can act on. Objects compare by
// key (in any order), arrays in order, numbers exactly except the two means and rates (relative 1e-9).
import type { SecurityReport } from '../../../solutions/log-analytics/types.js'

export const sections = ['access', 'appEvents', 'audit', 'auth', 'enrichment', 'anomalies'] as const
export type Section = (typeof sections)[number]

/** Relative tolerance of the floating-point fields (meanPayloadSize, errorRate). */
export const floatTolerance = 1e-9
const maxShown = 200
const maxPerSection = 6

export function shown(value: unknown): string {
  const json = JSON.stringify(value)
  if (json === undefined) return String(value)
  return json.length > maxShown ? `${json.slice(0, maxShown)}…` : json
}

const isFloatField = (path: string): boolean => /(meanPayloadSize|errorRate)$/.test(path)

function sameNumber(path: string, want: number, got: unknown): boolean {
  if (typeof got !== 'number') return false
  if (!isFloatField(path)) return want === got
  return Math.abs(want - got) <= floatTolerance * Math.max(1, Math.abs(want))
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function walk(path: string, want: unknown, got: unknown, out: string[]): void {
  if (typeof want === 'number') {
    if (!sameNumber(path, want, got)) out.push(`${path}: expected ${want}, received ${shown(got)}`)
    return
  }
  if (Array.isArray(want)) {
    if (!Array.isArray(got)) {
      out.push(`${path}: expected an array, received ${shown(got)}`)
      return
    }
    const differs = want.length !== got.length || want.some((item, i) => !deepEqual(path, item, got[i]))
    if (!differs) return
    const first = want.findIndex((item, i) => !deepEqual(path, item, got[i]))
    const at = first < 0 ? Math.min(want.length, got.length) : first
    out.push(
      `${path}: expected ${want.length} entries, received ${got.length}; first difference at [${at}]: ` +
        `expected ${shown(want[at])}, received ${shown(got[at])}`,
    )
    return
  }
  if (isRecord(want)) {
    if (!isRecord(got)) {
      out.push(`${path}: expected an object, received ${shown(got)}`)
      return
    }
    const keys = [...new Set([...Object.keys(want), ...Object.keys(got)])].sort()
    for (const key of keys) {
      const sub = `${path}.${/^[A-Za-z_]\w*$/.test(key) ? key : JSON.stringify(key)}`
      if (!(key in got)) out.push(`${sub}: missing (expected ${shown(want[key])})`)
      else if (!(key in want)) out.push(`${sub}: not expected (received ${shown(got[key])})`)
      else walk(sub, want[key], got[key], out)
    }
    return
  }
  if (want !== got) out.push(`${path}: expected ${shown(want)}, received ${shown(got)}`)
}

function deepEqual(path: string, want: unknown, got: unknown): boolean {
  const out: string[] = []
  walk(path, want, got, out)
  return out.length === 0
}

/** The differences within one section (empty when it is equal), at most a few lines. */
export function sectionDifferences(
  section: Section,
  expected: SecurityReport,
  received: SecurityReport,
): string[] {
  const out: string[] = []
  walk(section, expected[section], (received as unknown as Record<string, unknown>)[section], out)
  if (out.length <= maxPerSection) return out
  return [...out.slice(0, maxPerSection), `${section}: ${out.length - maxPerSection} more differences`]
}

/** Every section's differences. */
export function differences(
  expected: SecurityReport,
  received: SecurityReport,
  only: readonly Section[] = sections,
): string[] {
  return only.flatMap((section) => sectionDifferences(section, expected, received))
}
