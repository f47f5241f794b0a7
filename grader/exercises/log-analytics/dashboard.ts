// The dashboard of the student's HTML report, from their own report once every section of it matched the
// reference's on the tiny data set: the course's dashboard, drawn offline as inline SVG.
import type { SecurityReport } from '../../../solutions/log-analytics/types.js'
import type { DashboardPanel } from '../../types.js'
import type { DashboardDefinition } from '../definition.js'

const byCount = (a: [string, number], b: [string, number]): number =>
  b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)

export function securityPanels(value: unknown): DashboardPanel[] {
  const report = value as SecurityReport
  const hours = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'))
  const types = Object.entries(report.appEvents.byType)
  return [
    {
      title: 'Hourly traffic',
      kind: 'columns',
      unit: 'requests',
      data: hours.map((h) => [h, report.access.requestsPerHour[h] ?? 0]),
      note: `hours as written in the access log; ${report.access.parsedLines.toLocaleString('en-US')} requests`,
    },
    {
      title: 'Status distribution',
      kind: 'bars',
      unit: 'requests',
      data: Object.entries(report.access.statusCounts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      note: `error rate ${(report.access.errorRate * 100).toFixed(2)}%`,
    },
    { title: 'Top error addresses', kind: 'bars', unit: 'errors', data: report.access.topErrorIps },
    {
      title: 'Brute-force sources',
      kind: 'bars',
      unit: 'failed logins',
      data: report.auth.bruteForce.map((b) => [b.ip, b.failures]),
      note: report.auth.bruteForce.map((b) => `${b.ip}: ${b.maxInWindow} within one window`).join(' · '),
    },
    {
      title: 'Events per region',
      kind: 'bars',
      unit: 'CloudTrail records',
      data: Object.entries(report.audit.eventsPerRegion).sort(byCount),
    },
    {
      title: 'Application events by type',
      kind: 'bars',
      unit: 'events',
      data: types.map(([type, s]): [string, number] => [type, s.count]).sort(byCount),
    },
    {
      title: 'Mean payload size by type',
      kind: 'bars',
      unit: 'characters of JSON',
      data: types.map(([type, s]): [string, number] => [type, Math.round(s.meanPayloadSize)]).sort(byCount),
    },
  ]
}

export const securityDashboard: DashboardDefinition = {
  checks: ['access', 'app-events', 'audit', 'auth', 'enrichment', 'anomalies'],
  source: 'the tiny data set',
  panels: securityPanels,
}
