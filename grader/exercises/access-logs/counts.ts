// A LogReport computed from plain per-line records: used with the oracle (tests, hints), never for timing.
import type { LogReport } from '../../../solutions/access-logs/types.js'

export interface Counted {
  resource: string
  agent: string
  status: string
  hour: string
  dateHour: string
}

function top(counts: Map<string, number>, n: number): [string, number][] {
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, Math.max(0, n))
}

const add = (map: Map<string, number>, key: string): void => void map.set(key, (map.get(key) ?? 0) + 1)

/** The report of `totalLines` lines of which `parsed` were well-formed. */
export function reportOf(totalLines: number, parsed: Counted[], n = 5): LogReport {
  const resources = new Map<string, number>()
  const agents = new Map<string, number>()
  const statuses = new Map<string, number>()
  const dateHours = new Map<string, number>()
  const requestsPerHour: Record<string, number> = {}
  for (let h = 0; h < 24; h++) requestsPerHour[String(h).padStart(2, '0')] = 0
  for (const line of parsed) {
    add(resources, line.resource)
    add(agents, line.agent)
    add(statuses, line.status)
    add(dateHours, line.dateHour)
    requestsPerHour[line.hour]! += 1
  }
  return {
    totalLines,
    parsedLines: parsed.length,
    malformedLines: totalLines - parsed.length,
    topResources: top(resources, n),
    topUserAgents: top(agents, n),
    requestsPerHour,
    requestsPerDateHour: Object.fromEntries([...dateHours].sort((a, b) => (a[0] < b[0] ? -1 : 1))),
    statusCounts: Object.fromEntries(statuses),
  }
}
