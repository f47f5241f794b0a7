import { escapeXml } from './charts.js'

// Inline SVG charts for the class report: pure functions, no DOM. As in charts.ts, colours come from CSS classes
// (the page's light/dark palette) with presentation attributes as a fallback for an SVG viewed on its own.
// Each chart comes in two layouts, and the page shows one by its width: a scaled-down wide chart is unreadable on
// a phone, and a phone-sized one is oversized on a desktop.

export type Layout = 'wide' | 'narrow'
const widths: Record<Layout, number> = { wide: 860, narrow: 400 }
const accent = '#2563eb'
const fail = '#dc2626'
const muted = '#6b7280'

const round = (value: number): string => (Math.round(value * 10) / 10).toString()
/** A ratio such as a speed-up: 1.84×, 12.3×. */
export const formatTimes = (value: number): string => `${value >= 10 ? value.toFixed(1) : value.toFixed(2)}×`

/** The q-quantile (0–1) of values, interpolated linearly between ranks; NaN for no values. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  if (sorted.length === 0) return NaN
  const at = (sorted.length - 1) * q
  const below = sorted[Math.floor(at)] ?? NaN
  const above = sorted[Math.ceil(at)] ?? below
  return below + (above - below) * (at - Math.floor(at))
}

function svg(layout: Layout, title: string, height: number, body: string[]): string {
  const label = escapeXml(title)
  const width = widths[layout]
  return [
    `<svg class="chart class-chart ${layout}" role="img" aria-label="${label}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-size="13">`,
    `<title>${label}</title>`,
    ...body,
    '</svg>',
  ].join('\n')
}

/** A round step (1, 2, 5 × 10^k) that cuts `range` into about `count` parts. */
function niceStep(range: number, count: number): number {
  const raw = range > 0 && Number.isFinite(range) ? range / count : 1
  const power = 10 ** Math.floor(Math.log10(raw))
  return ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power
}

function legendItem(
  x: number,
  className: string,
  fill: string,
  text: string,
  shape: 'rect' | 'dot' | 'dash',
) {
  const mark =
    shape === 'rect'
      ? `<rect class="${className}" x="${x}" y="6" width="12" height="12" rx="2" fill="${fill}"/>`
      : shape === 'dot'
        ? `<circle class="${className}" cx="${x + 6}" cy="12" r="4.5" fill="${fill}"/>`
        : `<line class="${className}" x1="${x + 6}" x2="${x + 6}" y1="4" y2="20" stroke="${fill}" stroke-width="2" stroke-dasharray="4 2"/>`
  return `${mark}<text class="label" x="${x + 18}" y="16" fill="currentColor">${escapeXml(text)}</text>`
}

export interface ScoreEntry {
  /** Score in percent of the maximum, 0–100. */
  percent: number
  graded: boolean
}

/** Students per band of score (10 bands by default), the ones not graded stacked on top; the median marked. */
export function scoreHistogram(entries: readonly ScoreEntry[], layout: Layout = 'wide', bins = 10): string {
  if (entries.length === 0) return ''
  const narrow = layout === 'narrow'
  const [left, right, top, plotHeight] = [narrow ? 40 : 52, widths[layout] - 16, 48, narrow ? 160 : 190]
  const bottom = top + plotHeight
  const counts = Array.from({ length: bins }, () => ({ graded: 0, other: 0 }))
  for (const entry of entries) {
    const bin = counts[Math.min(bins - 1, Math.max(0, Math.floor((entry.percent / 100) * bins)))]
    if (bin) bin[entry.graded ? 'graded' : 'other']++
  }
  const highest = Math.max(1, ...counts.map((c) => c.graded + c.other))
  const step = Math.max(1, niceStep(highest, 4))
  const yMax = Math.ceil(highest / step) * step
  // Headroom above the highest bar for its count and the median's label.
  const y = (n: number): number => bottom - (n / yMax) * (plotHeight - 18)
  const x = (percent: number): number => left + (percent / 100) * (right - left)
  const slot = (right - left) / bins
  const body = [
    legendItem(left, 'bar-graded', accent, 'graded', 'rect'),
    legendItem(
      left + 100,
      'bar-other',
      fail,
      narrow ? 'not graded' : 'not graded (timed out, crashed, unreadable)',
      'rect',
    ),
  ]
  for (let n = 0; n <= yMax; n += step) {
    body.push(
      `<line class="grid" x1="${left}" x2="${right}" y1="${round(y(n))}" y2="${round(y(n))}" stroke="#d1d5db"/>`,
      `<text class="tick" x="${left - 8}" y="${round(y(n) + 4)}" text-anchor="end" fill="currentColor">${n}</text>`,
    )
  }
  const labels: string[] = []
  counts.forEach((count, i) => {
    const [from, to] = [(i * 100) / bins, ((i + 1) * 100) / bins]
    const bx = round(left + i * slot + 3)
    const bw = round(slot - 6)
    const total = count.graded + count.other
    const range = `${round(from)}–${round(to)}%`
    const tip = `${total} student${total === 1 ? '' : 's'} scored ${range}${count.other ? ` (${count.other} not graded)` : ''}`
    if (count.graded > 0)
      body.push(
        `<rect class="bar-graded" x="${bx}" y="${round(y(count.graded))}" width="${bw}" height="${round(bottom - y(count.graded))}" fill="${accent}"><title>${escapeXml(tip)}</title></rect>`,
      )
    if (count.other > 0)
      body.push(
        `<rect class="bar-other" x="${bx}" y="${round(y(total))}" width="${bw}" height="${round(y(count.graded) - y(total))}" fill="${fail}"><title>${escapeXml(tip)}</title></rect>`,
      )
    if (total > 0)
      labels.push(
        `<text class="value" x="${round(left + (i + 0.5) * slot)}" y="${round(y(total) - 6)}" text-anchor="middle" fill="currentColor">${total}</text>`,
      )
    // Narrow: the bands' edges, as there is no room for "90–100" under a band.
    if (!narrow || i === 0)
      labels.push(
        `<text class="tick" x="${round(narrow ? x(from) : left + (i + 0.5) * slot)}" y="${bottom + 16}" text-anchor="middle" fill="currentColor">${narrow ? round(from) : `${round(from)}–${round(to)}`}</text>`,
      )
    if (narrow && (i + 1) % 2 === 0)
      labels.push(
        `<text class="tick" x="${round(x(to))}" y="${bottom + 16}" text-anchor="middle" fill="currentColor">${round(to)}</text>`,
      )
  })
  // The median's line crosses the bars; the counts are drawn over it.
  const graded = entries.filter((e) => e.graded).map((e) => e.percent)
  if (graded.length > 0) {
    const median = quantile(graded, 0.5)
    const mx = round(x(median))
    body.push(
      `<line class="median-marker" x1="${mx}" x2="${mx}" y1="${top - 10}" y2="${bottom}" stroke="#111827" stroke-width="2" stroke-dasharray="5 3"/>`,
      `<text class="median-label" x="${mx}" y="${top - 14}" text-anchor="${median > 85 ? 'end' : median < 15 ? 'start' : 'middle'}" fill="currentColor">median ${round(median)}%</text>`,
    )
  }
  body.push(
    ...labels,
    `<line class="axis" x1="${left}" x2="${right}" y1="${bottom}" y2="${bottom}" stroke="${muted}"/>`,
    `<text class="axis-caption" x="${(left + right) / 2}" y="${bottom + 36}" text-anchor="middle" fill="currentColor">score (% of the points)</text>`,
    `<text class="axis-caption" transform="translate(14 ${top + plotHeight / 2}) rotate(-90)" text-anchor="middle" fill="currentColor">students</text>`,
  )
  return svg(
    layout,
    `Score distribution: students per band of ${round(100 / bins)} percent of the points`,
    bottom + 46,
    body,
  )
}

export interface StripValue {
  value: number
  /** Shown on hover (a pseudonym and the value, never a student id). */
  title: string
}

export interface StripRow {
  label: string
  values: StripValue[]
  /** A per-row mark, e.g. the reference's speed-up in the same rounds. */
  marker?: number
}

// In order of preference: the first ones win when there is no room for all.
const mantissas = [1, 2, 5, 1.5, 3, 4, 2.5, 6, 8, 1.2]

/** Round values inside [low, high] at least `gap` pixels apart on a log axis, 1× first (it is always a landmark). */
function logTicks(low: number, high: number, x: (v: number) => number, gap = 56): number[] {
  const candidates: number[] = []
  for (let power = Math.floor(Math.log10(low)); power <= Math.ceil(Math.log10(high)); power++)
    for (const m of mantissas) candidates.push(Number((m * 10 ** power).toPrecision(6)))
  const inside = candidates.filter((v) => v >= low && v <= high)
  const ticks: number[] = inside.includes(1) ? [1] : []
  const byPreference = [...inside].sort(
    (a, b) => mantissas.indexOf(firstDigits(a)) - mantissas.indexOf(firstDigits(b)),
  )
  for (const v of byPreference) if (ticks.every((t) => Math.abs(x(t) - x(v)) >= gap)) ticks.push(v)
  return ticks.sort((a, b) => a - b)
}

/** The mantissa of v in [1, 10), e.g. 2.5 for 0.25. */
const firstDigits = (v: number): number => Number((v / 10 ** Math.floor(Math.log10(v))).toPrecision(6))

const tickLabel = (v: number): string =>
  v >= 0.25 ? `${Number(v.toPrecision(3))}×` : `1/${Math.round(1 / v)}×`

/** Places dots of radius r along a row, each on the nearest free lane to the row's centre line (a small beeswarm). */
function swarm(xs: number[], r: number, lanes: number): number[] {
  const offsets = [0]
  for (let i = 1; i <= lanes; i++) offsets.push(-i * r * 1.1, i * r * 1.1)
  const placed: { x: number; y: number }[] = []
  return xs.map((x) => {
    const free = offsets.find((y) =>
      placed.every((p) => Math.abs(p.x - x) >= 2 * r || Math.abs(p.y - y) >= 2 * r),
    )
    const y = free ?? offsets[placed.length % offsets.length] ?? 0
    placed.push({ x, y })
    return y
  })
}

interface StripOptions {
  title: string
  caption: string
  /** A vertical line across every row (1× = the reference). */
  line?: { value: number; label: string }
  markerLabel?: string
  /** Which end of the axis is better, for the ← / → captions. */
  better: 'low' | 'high'
}

/** One row per group: a box from the first to the third quartile, the median, every student as a dot; log scale. */
function stripPlot(rows: StripRow[], layout: Layout, options: StripOptions): string {
  const [width, narrow] = [widths[layout], layout === 'narrow']
  const [left, right, top, rowHeight, r] = [narrow ? 84 : 112, width - (narrow ? 16 : 28), 44, 52, 4.5]
  const all = rows.flatMap((row) => [...row.values.map((v) => v.value), ...(row.marker ? [row.marker] : [])])
  const values = [...all, ...(options.line ? [options.line.value] : [1])].filter(
    (v) => v > 0 && Number.isFinite(v),
  )
  const [logLow, logHigh] = [Math.log(Math.min(...values)), Math.log(Math.max(...values))]
  const pad = Math.max(logHigh - logLow, Math.log(1.5)) * 0.08
  const [low, high] = [Math.exp(logLow - pad), Math.exp(logHigh + pad)]
  const x = (v: number): number =>
    left + ((Math.log(v) - Math.log(low)) / (Math.log(high) - Math.log(low))) * (right - left)
  const bottom = top + rows.length * rowHeight
  const body: string[] = [legendItem(left, 'dot', accent, 'one student', 'dot')]
  if (options.markerLabel) body.push(legendItem(left + 110, 'marker', fail, options.markerLabel, 'dash'))
  for (const t of logTicks(low, high, x, narrow ? 44 : 56)) {
    const tx = round(x(t))
    body.push(
      `<line class="grid${t === 1 ? ' unit' : ''}" x1="${tx}" x2="${tx}" y1="${top}" y2="${bottom}" stroke="${t === 1 ? muted : '#d1d5db'}"/>`,
      `<text class="tick" x="${tx}" y="${bottom + 16}" text-anchor="middle" fill="currentColor">${tickLabel(t)}</text>`,
    )
  }
  const [lowEnd, highEnd] = options.better === 'low' ? ['← faster', 'slower →'] : ['← slower', 'faster →']
  // Narrow: the caption gets a line of its own, below the directions.
  const captionY = bottom + (narrow ? 52 : 34)
  body.push(
    `<text class="axis-caption" x="${(left + right) / 2}" y="${captionY}" text-anchor="middle" fill="currentColor">${escapeXml(options.caption)}</text>`,
    `<text class="direction" x="${left}" y="${bottom + 34}" fill="currentColor">${lowEnd}</text>`,
    `<text class="direction" x="${right}" y="${bottom + 34}" text-anchor="end" fill="currentColor">${highEnd}</text>`,
  )
  rows.forEach((row, i) => {
    const [y0, mid] = [top + i * rowHeight, top + i * rowHeight + rowHeight / 2]
    const measured = row.values.filter((v) => v.value > 0 && Number.isFinite(v.value))
    const sorted = [...measured].sort((a, b) => a.value - b.value)
    const numbers = sorted.map((v) => v.value)
    if (i > 0)
      body.push(`<line class="row-rule" x1="0" x2="${width}" y1="${y0}" y2="${y0}" stroke="#e5e7eb"/>`)
    body.push(
      `<text class="label group-label" x="${left - 10}" y="${mid}" text-anchor="end" fill="currentColor">${escapeXml(row.label)}</text>`,
      `<text class="tick" x="${left - 10}" y="${mid + 15}" text-anchor="end" fill="currentColor">n = ${numbers.length}</text>`,
    )
    if (numbers.length >= 4) {
      const [q1, q3] = [x(quantile(numbers, 0.25)), x(quantile(numbers, 0.75))]
      body.push(
        `<rect class="box" x="${round(q1)}" y="${mid - 14}" width="${round(Math.max(2, q3 - q1))}" height="28" rx="3" fill="#e5e7eb" stroke="${muted}"/>`,
      )
    }
    const median = quantile(numbers, 0.5)
    const lanes = swarm(numbers.map(x), r, 2)
    sorted.forEach((v, j) => {
      body.push(
        `<circle class="dot" cx="${round(x(v.value))}" cy="${round(mid + (lanes[j] ?? 0))}" r="${r}" fill="${accent}" fill-opacity="0.75"><title>${escapeXml(v.title)}</title></circle>`,
      )
    })
    if (numbers.length > 0) {
      const mx = round(x(median))
      body.push(
        `<line class="median" x1="${mx}" x2="${mx}" y1="${mid - 16}" y2="${mid + 16}" stroke="#111827" stroke-width="3"><title>${escapeXml(`median ${formatTimes(median)}`)}</title></line>`,
      )
    }
    if (row.marker && row.marker > 0) {
      const rx = round(x(row.marker))
      body.push(
        `<line class="marker" x1="${rx}" x2="${rx}" y1="${y0 + 4}" y2="${y0 + rowHeight - 4}" stroke="${fail}" stroke-width="2" stroke-dasharray="4 2"><title>${escapeXml(`${options.markerLabel ?? 'reference'}: ${formatTimes(row.marker)}`)}</title></line>`,
      )
    }
  })
  if (options.line) {
    const lx = round(x(options.line.value))
    body.push(
      `<line class="marker" x1="${lx}" x2="${lx}" y1="${top - 6}" y2="${bottom}" stroke="${fail}" stroke-width="1.5" stroke-dasharray="4 3"/>`,
      `<text class="marker-label" x="${lx}" y="${top - 10}" text-anchor="middle" fill="${fail}">${escapeXml(options.line.label)}</text>`,
    )
  }
  return svg(layout, options.title, captionY + 12, body)
}

const hasValues = (rows: StripRow[]): boolean => rows.some((row) => row.values.length > 0)

/** Each student's speed-up over their own sequential strategy, per strategy, with the reference's marked. */
export function speedupDistribution(exercise: string, rows: StripRow[], layout: Layout = 'wide'): string {
  if (!hasValues(rows)) return ''
  return stripPlot(rows, layout, {
    title: `${exercise}: speed-up over sequential of every student per strategy, with the reference's median speed-up`,
    caption: 'speed-up over own sequential (log scale)',
    markerLabel: "reference's speed-up",
    better: 'high',
  })
}

/** Each student's time over the reference's in the same rounds, per strategy, with 1× marked. */
export function ratioDistribution(exercise: string, rows: StripRow[], layout: Layout = 'wide'): string {
  if (!hasValues(rows)) return ''
  return stripPlot(rows, layout, {
    title: `${exercise}: student time divided by reference time per strategy; below 1× is faster than the reference`,
    caption: 'student time / reference time (log)',
    line: { value: 1, label: '1× = reference' },
    better: 'low',
  })
}
