// CSV files described as data (header, rows, line endings, BOM, blank lines), written out as text. What a file
// holds is known from its model, so the expected summary needs no parser.

export interface CsvModel {
  file: string
  columns: string[]
  rows: string[][]
  eol?: '\n' | '\r\n'
  bom?: boolean
  /** Quote every field, not only those that need it. */
  quoteAll?: boolean
  /** Blank lines after these data row indexes (and at the end with -1). */
  blankAfter?: number[]
  /** No line break after the last row. */
  noFinalEol?: boolean
  /** Write nothing at all: not even a header (columns and rows must then be empty). */
  empty?: boolean
}

export interface CsvSummary {
  file: string
  rows: number
  columns: string[]
  head: Record<string, string>[]
}

const needsQuotes = /[",\r\n]/

function field(value: string, quoteAll: boolean): string {
  return quoteAll || needsQuotes.test(value) ? `"${value.replaceAll('"', '""')}"` : value
}

export function csvText(model: CsvModel): string {
  if (model.empty) return ''
  const eol = model.eol ?? '\n'
  const line = (cells: string[]): string =>
    cells.map((cell) => field(cell, model.quoteAll ?? false)).join(',')
  const lines = [line(model.columns)]
  const blank = new Set(model.blankAfter ?? [])
  model.rows.forEach((row, i) => {
    lines.push(line(row))
    if (blank.has(i)) lines.push('')
  })
  if (blank.has(-1)) lines.push('', '')
  return (model.bom ? '\uFEFF' : '') + lines.join(eol) + (model.noFinalEol ? '' : eol)
}

export function summaryOf(model: CsvModel): CsvSummary {
  return {
    file: model.file,
    rows: model.rows.length,
    columns: model.columns,
    head: model.rows
      .slice(0, 5)
      .map((row) => Object.fromEntries(model.columns.map((name, i) => [name, row[i] ?? ''] as const))),
  }
}

/** Summaries as describeCsvFiles returns them: sorted by file name (JavaScript's default string order). */
export function summariesOf(models: CsvModel[]): CsvSummary[] {
  return models.map(summaryOf).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
}
