import type { DashboardPanel } from '../types.js'
import { escapeXml } from './charts.js'

// Inline SVG for a dashboard panel: horizontal bars for ranked or categorical values, columns for series such as
// hours. Pure functions, no DOM; colours from CSS classes with presentation attributes as a fallback.

const width = 860
const fill = '#2563eb'
const round = (value: number): string => (Math.round(value * 10) / 10).toString()
const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 })
const formatValue = (value: number): string =>
  Number.isInteger(value) ? value.toLocaleString('en-US') : compact.format(value)

function svg(panel: DashboardPanel, height: number, body: string[]): string {
  const label = escapeXml(`${panel.title} (${panel.unit})`)
  return [
    `<svg class="chart dashboard-chart" role="img" aria-label="${label}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-size="12">`,
    `<title>${label}</title>`,
    ...body,
    '</svg>',
  ].join('\n')
}

function bars(panel: DashboardPanel): string {
  const labelWidth = 230
  const valueWidth = 90
  const barHeight = 16
  const gap = 6
  const top = 8
  const max = Math.max(1, ...panel.data.map(([, v]) => v))
  const plot = width - labelWidth - valueWidth
  const body = panel.data.map(([label, value], i) => {
    const y = top + i * (barHeight + gap)
    const w = Math.max(value > 0 ? 1 : 0, (value / max) * plot)
    const shown = label.length > 34 ? `${label.slice(0, 33)}…` : label
    return (
      `<text class="label" x="${labelWidth - 8}" y="${y + 12}" text-anchor="end" fill="currentColor">${escapeXml(shown)}</text>` +
      `<rect class="bar-dashboard" x="${labelWidth}" y="${y}" width="${round(w)}" height="${barHeight}" rx="2" fill="${fill}"><title>${escapeXml(`${label}: ${formatValue(value)} ${panel.unit}`)}</title></rect>` +
      `<text class="value" x="${round(labelWidth + w + 6)}" y="${y + 12}" fill="currentColor">${escapeXml(formatValue(value))}</text>`
    )
  })
  return svg(panel, top * 2 + Math.max(1, panel.data.length) * (barHeight + gap), body)
}

function columns(panel: DashboardPanel): string {
  const left = 56
  const right = 12
  const top = 12
  const plotHeight = 150
  const bottom = top + plotHeight
  const max = Math.max(1, ...panel.data.map(([, v]) => v))
  const step = (width - left - right) / Math.max(1, panel.data.length)
  const body: string[] = [
    `<line class="grid" x1="${left}" x2="${width - right}" y1="${bottom}" y2="${bottom}" stroke="#d1d5db"/>`,
    `<text class="tick" x="${left - 6}" y="${top + 4}" text-anchor="end" fill="currentColor">${escapeXml(formatValue(max))}</text>`,
    `<text class="tick" x="${left - 6}" y="${bottom}" text-anchor="end" fill="currentColor">0</text>`,
  ]
  panel.data.forEach(([label, value], i) => {
    const h = (value / max) * plotHeight
    const x = left + i * step
    body.push(
      `<rect class="bar-dashboard" x="${round(x + step * 0.12)}" y="${round(bottom - h)}" width="${round(step * 0.76)}" height="${round(h)}" fill="${fill}"><title>${escapeXml(`${label}: ${formatValue(value)} ${panel.unit}`)}</title></rect>`,
      `<text class="tick" x="${round(x + step / 2)}" y="${bottom + 14}" text-anchor="middle" fill="currentColor">${escapeXml(label)}</text>`,
    )
  })
  return svg(panel, bottom + 24, body)
}

/** The panel as an inline SVG chart. */
export function dashboardChart(panel: DashboardPanel): string {
  return panel.kind === 'columns' ? columns(panel) : bars(panel)
}
