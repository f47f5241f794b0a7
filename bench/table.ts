// Plain-text tables and number formats for the bench's terminal output. Pure: strings in, strings out.

export interface Column {
  header: string
  align?: 'left' | 'right'
}

/** A row of cells, or a section heading printed on its own line across the table. */
export type Row = readonly string[] | { section: string }

/** Renders rows under their headers with each column as wide as its widest cell, two spaces apart. */
export function renderTable(columns: readonly Column[], rows: readonly Row[], indent = ''): string {
  const cells = rows.filter((row): row is readonly string[] => Array.isArray(row))
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...cells.map((row) => (row[i] ?? '').length)),
  )
  const line = (row: readonly string[]): string =>
    indent +
    columns
      .map((column, i) => {
        const cell = row[i] ?? ''
        return column.align === 'right' ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)
      })
      .join('  ')
      .trimEnd()
  const rule = indent + widths.map((width) => '-'.repeat(width)).join('  ')
  return [
    line(columns.map((column) => column.header)),
    rule,
    ...rows.map((row) =>
      Array.isArray(row) ? line(row as readonly string[]) : indent + (row as { section: string }).section,
    ),
  ].join('\n')
}

const isNumber = (value: number | undefined): value is number => value !== undefined && Number.isFinite(value)

/** Milliseconds with three significant digits or so: 0.123, 8.12, 81.2, 812. */
export function formatMs(ms: number | undefined): string {
  if (!isNumber(ms)) return '—'
  if (ms < 1) return ms.toFixed(3)
  if (ms < 10) return ms.toFixed(2)
  if (ms < 100) return ms.toFixed(1)
  return ms.toFixed(0)
}

/** A per-second rate with an SI prefix: 1.23 G/s, 456 M/s, 12.3 k/s. */
export function formatRate(perSecond: number | undefined, unit = '/s'): string {
  if (!isNumber(perSecond)) return '—'
  const prefixes: [number, string][] = [
    [1e9, ' G'],
    [1e6, ' M'],
    [1e3, ' k'],
  ]
  for (const [scale, prefix] of prefixes) {
    if (perSecond >= scale) return `${significant(perSecond / scale)}${prefix}${unit}`
  }
  return `${significant(perSecond)} ${unit}`
}

/** Three significant digits without exponent notation (for values ≥ 0.001). */
export function significant(value: number): string {
  if (!Number.isFinite(value)) return '—'
  const magnitude = Math.abs(value)
  if (magnitude >= 100) return value.toFixed(0)
  if (magnitude >= 10) return value.toFixed(1)
  if (magnitude >= 1) return value.toFixed(2)
  return value.toFixed(3)
}

export function formatRatio(ratio: number | undefined): string {
  return isNumber(ratio) ? `${ratio.toFixed(2)}×` : '—'
}

/** 10000000 → "10,000,000" whatever the locale. */
export function formatCount(count: number): string {
  return Math.round(count)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** The machine line every bench report starts with (`extra` goes before the load, e.g. a thread-pool size). */
export function machineLine(
  machine: { cores: number; cpu: string; node: string; loadAverageBefore: readonly number[] },
  extra = '',
): string {
  const load = machine.loadAverageBefore.map((l) => l.toFixed(2)).join(' ')
  return `machine: ${machine.cores} × ${machine.cpu}, Node ${machine.node}, ${extra ? `${extra}, ` : ''}load ${load}`
}

export interface RatioRow {
  description: string
  median: number
  p25: number
  p75: number
  n?: number
}

/** The table of per-round paired ratios of a bench report, with the number of rounds when `withRounds`. */
export function ratioTable(ratios: readonly RatioRow[], withRounds = false): string {
  return renderTable(
    [
      { header: 'ratios: medians of per-round paired ratios' },
      { header: 'median', align: 'right' },
      { header: 'p25–p75', align: 'right' },
      ...(withRounds ? [{ header: 'rounds', align: 'right' as const }] : []),
    ],
    ratios.map((r) => [
      `  ${r.description}`,
      significant(r.median),
      `${significant(r.p25)}–${significant(r.p75)}`,
      ...(withRounds ? [String(r.n)] : []),
    ]),
  )
}
