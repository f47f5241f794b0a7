// What differs between two reports, field by field, in a few lines a student can act on.
import type { LogReport } from '../../../solutions/access-logs/types.js'

/** Every field of a LogReport, in the order differences are listed (and the schema requires them). */
export const reportFields = [
  'totalLines',
  'parsedLines',
  'malformedLines',
  'topResources',
  'topUserAgents',
  'requestsPerHour',
  'requestsPerDateHour',
  'statusCounts',
] as const satisfies readonly (keyof LogReport)[]

const maxShown = 240

export function shown(value: unknown): string {
  const json = JSON.stringify(value)
  return json.length > maxShown ? `${json.slice(0, maxShown)}…` : json
}

function recordDifferences(
  name: string,
  expected: Record<string, number>,
  received: Record<string, number>,
): string[] {
  const keys = [...new Set([...Object.keys(expected), ...Object.keys(received)])].sort()
  const out: string[] = []
  for (const key of keys) {
    if (expected[key] === received[key]) continue
    const want = key in expected ? String(expected[key]) : 'no such key'
    const got = key in received ? String(received[key]) : 'missing'
    out.push(`${name}[${JSON.stringify(key)}]: expected ${want}, received ${got}`)
  }
  if (out.length <= 6) return out
  return [...out.slice(0, 6), `${name}: ${out.length - 6} more keys differ`]
}

/** The fields of `received` that differ from `expected` (empty when the reports are equal). */
export function differences(expected: LogReport, received: LogReport): string[] {
  const out: string[] = []
  for (const field of reportFields) {
    const want = expected[field]
    const got = received[field]
    if (typeof want === 'number') {
      if (want !== got)
        out.push(`${field}: expected ${want.toLocaleString('en-US')}, received ${JSON.stringify(got)}`)
    } else if (Array.isArray(want)) {
      if (JSON.stringify(want) !== JSON.stringify(got))
        out.push(`${field}: expected ${shown(want)},\n  received ${shown(got)}`)
    } else {
      out.push(...recordDifferences(field, want, got as Record<string, number>))
    }
  }
  return out
}
