import type { ExerciseBench, Origin, Strategy, StrategyTiming } from '../types.js'

// Inline SVG charts for the HTML report: pure functions, no DOM. Colours come from CSS classes (so the page's
// light/dark palette applies) with presentation attributes as a fallback when an SVG is viewed on its own.

const width = 860
const labelWidth = 104
const valueWidth = 170
const plotLeft = labelWidth
const plotRight = width - valueWidth
const barHeight = 16
const groupGap = 14
const axisHeight = 34

const xmlEntities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
}

/** Escapes text for SVG/XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => xmlEntities[c] ?? c)
}

/** Milliseconds with a precision that suits their size. */
export function formatMs(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 1 ? value.toFixed(2) : value.toFixed(3)
}

const formatTimes = (value: number): string => `${value.toFixed(2)}×`
const round = (value: number): string => (Math.round(value * 10) / 10).toString()
const origins: readonly Origin[] = ['student', 'reference']
const originLabel: Record<Origin, string> = { student: 'yours', reference: 'reference' }
const originFill: Record<Origin, string> = { student: '#2563eb', reference: '#9ca3af' }

function strategiesOf(bench: ExerciseBench): Strategy[] {
  return [...new Set(bench.timings.map((t) => t.strategy))]
}

function timingOf(bench: ExerciseBench, strategy: Strategy, origin: Origin): StrategyTiming | undefined {
  return bench.timings.find((t) => t.strategy === strategy && t.origin === origin)
}

/** A round step (1, 2, 5 × 10^k) that cuts `range` into about `count` parts. */
function niceStep(range: number, count: number): number {
  const raw = range > 0 && Number.isFinite(range) ? range / count : 1
  const power = 10 ** Math.floor(Math.log10(raw))
  return ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power
}

/** Ticks at multiples of a round step, covering [from, to]. */
function linearTicks(from: number, to: number, count = 5): { ticks: number[]; label: (v: number) => string } {
  const step = niceStep(to - from, count)
  const ticks: number[] = []
  for (let i = Math.floor(from / step); i * step < to + step * 0.999; i++)
    ticks.push(Number((i * step).toPrecision(12)))
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9))
  return { ticks, label: (v) => v.toFixed(decimals) }
}

function svg(title: string, height: number, body: string[]): string {
  const label = escapeXml(title)
  return [
    `<svg class="chart" role="img" aria-label="${label}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-size="13">`,
    `<title>${label}</title>`,
    ...body,
    '</svg>',
  ].join('\n')
}

function legend(): string {
  return origins
    .map((origin, i) => {
      const x = plotLeft + i * 110
      return (
        `<rect class="bar-${origin}" x="${x}" y="6" width="12" height="12" rx="2" fill="${originFill[origin]}"/>` +
        `<text class="label" x="${x + 18}" y="16" fill="currentColor">${originLabel[origin]}</text>`
      )
    })
    .join('')
}

function axis(
  ticks: number[],
  x: (v: number) => number,
  [top, y]: [number, number],
  label: (v: number) => string,
  caption: string,
): string[] {
  const parts = ticks.map(
    (t) =>
      `<line class="grid" x1="${round(x(t))}" x2="${round(x(t))}" y1="${top - 4}" y2="${y}" stroke="#d1d5db"/>` +
      `<text class="tick" x="${round(x(t))}" y="${y + 14}" text-anchor="middle" fill="currentColor">${escapeXml(label(t))}</text>`,
  )
  parts.push(
    `<text class="axis-caption" x="${(plotLeft + plotRight) / 2}" y="${y + 30}" text-anchor="middle" fill="currentColor">${escapeXml(caption)}</text>`,
  )
  return parts
}

function whisker(x1: number, x2: number, y: number): string {
  const cap = (x: number): string => `<line x1="${round(x)}" x2="${round(x)}" y1="${y - 4}" y2="${y + 4}"/>`
  return (
    `<g class="whisker" stroke="#111827" stroke-width="1.2">` +
    `<line x1="${round(x1)}" x2="${round(x2)}" y1="${y}" y2="${y}"/>${cap(x1)}${cap(x2)}</g>`
  )
}

interface Bar {
  origin: Origin
  /** Undefined when the side could not be measured; `text` then says why. */
  value?: number
  low?: number
  high?: number
  text: string
}

interface BarGroup {
  label: string
  bars: Bar[]
}

/** Horizontal bars, two per group (student and reference), with optional whiskers and a marker line. */
function groupedBars(
  title: string,
  groups: BarGroup[],
  unit: string,
  caption: string,
  marker?: { value: number; label: string },
): string {
  const top = 40 // legend row, then the marker's label
  const values = groups.flatMap((g) => g.bars.flatMap((b) => [b.value ?? 0, b.high ?? 0]))
  const { ticks, label } = linearTicks(0, Math.max(...values, marker?.value ?? 0))
  const max = ticks[ticks.length - 1] || 1
  const x = (v: number): number => plotLeft + (Math.max(0, v) / max) * (plotRight - plotLeft)
  const groupHeight = origins.length * barHeight + 4
  const plotBottom = top + groups.length * (groupHeight + groupGap)
  const body = [legend(), ...axis(ticks, x, [top, plotBottom], (v) => `${label(v)}${unit}`, caption)]
  groups.forEach((group, gi) => {
    const y0 = top + groupGap / 2 + gi * (groupHeight + groupGap)
    body.push(
      `<text class="label group-label" x="${plotLeft - 8}" y="${y0 + groupHeight / 2 + 4}" text-anchor="end" fill="currentColor">${escapeXml(group.label)}</text>`,
    )
    group.bars.forEach((bar, bi) => {
      const y = y0 + bi * (barHeight + 4)
      const mid = y + barHeight / 2
      if (bar.value === undefined) {
        body.push(
          `<text class="missing" x="${plotLeft + 4}" y="${mid + 4}" fill="currentColor">${escapeXml(bar.text)}</text>`,
        )
        return
      }
      const end = x(bar.value)
      body.push(
        `<rect class="bar-${bar.origin}" x="${plotLeft}" y="${y}" width="${round(Math.max(1, end - plotLeft))}" height="${barHeight}" rx="2" fill="${originFill[bar.origin]}"><title>${escapeXml(`${originLabel[bar.origin]}: ${bar.text}`)}</title></rect>`,
      )
      if (bar.low !== undefined && bar.high !== undefined) body.push(whisker(x(bar.low), x(bar.high), mid))
      body.push(
        `<text class="value" x="${round(Math.max(end, x(bar.high ?? 0)) + 6)}" y="${mid + 4}" fill="currentColor">${escapeXml(bar.text)}</text>`,
      )
    })
  })
  if (marker) {
    const mx = round(x(marker.value))
    body.push(
      `<line class="marker" x1="${mx}" x2="${mx}" y1="${top - 4}" y2="${plotBottom}" stroke="#dc2626" stroke-width="1.5" stroke-dasharray="4 3"/>`,
      `<text class="marker-label" x="${mx}" y="${top - 8}" text-anchor="middle" fill="#dc2626">${escapeXml(marker.label)}</text>`,
    )
  }
  return svg(title, plotBottom + axisHeight, body)
}

function notMeasured(timing: StrategyTiming | undefined): string {
  if (!timing) return 'not timed'
  const reason = timing.reason ?? timing.state
  return `not timed: ${reason.length > 60 ? `${reason.slice(0, 57)}…` : reason}`
}

/** Median time per call of each strategy, yours beside the reference's; whiskers span the fastest to slowest round. */
export function latencyChart(bench: ExerciseBench): string {
  const groups = strategiesOf(bench).map((strategy) => ({
    label: strategy,
    bars: origins.map((origin): Bar => {
      const timing = timingOf(bench, strategy, origin)
      const p50 = timing?.state === 'completed' ? timing.latencyMs?.p50 : undefined
      if (p50 === undefined) return { origin, text: notMeasured(timing) }
      const rounds = timing?.roundMs ?? []
      const spread = rounds.length > 0 ? { low: Math.min(...rounds), high: Math.max(...rounds) } : {}
      return { origin, value: p50, ...spread, text: `${formatMs(p50)} ms` }
    }),
  }))
  if (groups.length === 0) return ''
  return groupedBars(
    `Median time per call (ms) of each strategy, yours and the reference's; whiskers span the fastest to the slowest round`,
    groups,
    ' ms',
    'median time per call (shorter is faster)',
  )
}

/** Speed-up over the same side's sequential strategy, yours beside the reference's, with the interval as whiskers. */
export function speedupChart(bench: ExerciseBench): string {
  // Sequential is the baseline (1× by definition): the marker line stands for it.
  const groups = strategiesOf(bench)
    .filter((strategy) => strategy !== 'sequential')
    .map((strategy) => ({
      label: strategy,
      bars: origins.map((origin): Bar => {
        const speedup = timingOf(bench, strategy, origin)?.speedup
        if (!speedup) return { origin, text: 'no speed-up measured' }
        return {
          origin,
          value: speedup.median,
          low: speedup.low,
          high: speedup.high,
          text: formatTimes(speedup.median),
        }
      }),
    }))
    .filter((g) => g.bars.some((b) => b.value !== undefined))
  if (groups.length === 0) return ''
  return groupedBars(
    `Speed-up over sequential of each strategy, yours and the reference's, with ${bench.cores} cores`,
    groups,
    '×',
    `speed-up over the same side's sequential (longer is better; ${bench.cores} cores)`,
    { value: 1, label: '1× = sequential' },
  )
}

/** Ticks for a log-scaled ratio axis: powers of two over wide ranges, round linear steps over narrow ones. */
function ratioTicks(low: number, high: number): { ticks: number[]; label: (v: number) => string } {
  if (high / low > 4) {
    const [first, last] = [Math.ceil(Math.log2(low)), Math.floor(Math.log2(high))]
    // Every power of two up to 7 ticks, else every other one; 1× (2^0) is always a tick.
    const every = last - first + 1 > 7 ? 2 : 1
    const ticks: number[] = []
    for (let e = first; e <= last; e++) if (e % every === 0) ticks.push(2 ** e)
    return { ticks, label: (v) => (v >= 0.25 ? `${v}×` : `1/${Math.round(1 / v)}×`) }
  }
  const linear = linearTicks(low, high, 7)
  return { ticks: linear.ticks.filter((t) => t >= low && t <= high), label: (v) => `${linear.label(v)}×` }
}

/** Your time / the reference's per strategy: the median as a dot, the confidence interval as a line, 1× marked. */
export function ratioChart(bench: ExerciseBench): string {
  const rows = strategiesOf(bench).flatMap((strategy) => {
    const ratio = bench.ratioToReference[strategy]
    return ratio ? [{ strategy, ratio }] : []
  })
  if (rows.length === 0) return ''
  const lows = rows.map((r) => Math.max(1e-3, Math.min(r.ratio.low, r.ratio.median)))
  const highs = rows.map((r) => Math.max(r.ratio.high, r.ratio.median))
  // Pad the domain in log space so that 1× and the extremes never sit on the plot's edge.
  const logLow = Math.log(Math.min(1, ...lows))
  const logHigh = Math.log(Math.max(1, ...highs))
  const pad = Math.max(logHigh - logLow, Math.log(1.5)) * 0.12
  const [domainLow, domainHigh] = [Math.exp(logLow - pad), Math.exp(logHigh + pad)]
  const x = (v: number): number =>
    plotLeft +
    ((Math.log(v) - Math.log(domainLow)) / (Math.log(domainHigh) - Math.log(domainLow))) *
      (plotRight - plotLeft)
  const rowHeight = 30
  const top = 26
  const plotBottom = top + rows.length * rowHeight + 6
  const { ticks, label } = ratioTicks(domainLow, domainHigh)
  const body = [
    ...axis(ticks, x, [top, plotBottom], label, 'your time / reference time'),
    `<text class="direction-faster" x="${plotLeft}" y="${plotBottom + 30}" fill="#16a34a">← faster</text>`,
    `<text class="direction-slower" x="${plotRight}" y="${plotBottom + 30}" text-anchor="end" fill="#dc2626">slower →</text>`,
  ]
  rows.forEach(({ strategy, ratio }, i) => {
    const y = top + 6 + i * rowHeight + rowHeight / 2
    const side = ratio.high < 1 ? 'faster' : ratio.low > 1 ? 'slower' : 'overlaps'
    const text = `${formatTimes(ratio.median)} [${ratio.low.toFixed(2)}–${ratio.high.toFixed(2)}]`
    const fill = side === 'faster' ? '#16a34a' : side === 'slower' ? '#dc2626' : '#6b7280'
    body.push(
      `<text class="label group-label" x="${plotLeft - 8}" y="${y + 4}" text-anchor="end" fill="currentColor">${escapeXml(strategy)}</text>`,
      `<line class="interval interval-${side}" x1="${round(x(Math.max(ratio.low, domainLow)))}" x2="${round(x(ratio.high))}" y1="${y}" y2="${y}" stroke="${fill}" stroke-width="6" stroke-linecap="round" opacity="0.45"/>`,
      `<circle class="point point-${side}" cx="${round(x(ratio.median))}" cy="${y}" r="5" fill="${fill}"><title>${escapeXml(`${strategy}: ${text}, ${Math.round(ratio.confidence * 100)}% interval over ${ratio.rounds} rounds`)}</title></circle>`,
      `<text class="value" x="${plotRight + 10}" y="${y + 4}" fill="currentColor">${escapeXml(text)}</text>`,
    )
  })
  const one = round(x(1))
  body.push(
    `<line class="marker" x1="${one}" x2="${one}" y1="${top - 4}" y2="${plotBottom}" stroke="#dc2626" stroke-width="1.5" stroke-dasharray="4 3"/>`,
    `<text class="marker-label" x="${one}" y="${top - 8}" text-anchor="middle" fill="#dc2626">1× = same</text>`,
  )
  return svg(
    'Your time divided by the reference time per strategy, median with its confidence interval; below 1 is faster',
    plotBottom + axisHeight,
    body,
  )
}
