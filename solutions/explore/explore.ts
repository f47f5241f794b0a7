import { parse } from 'csv-parse'
import { createReadStream } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { extname, join } from 'node:path'

export interface CsvSummary {
  file: string
  /** Data rows: the header and blank lines are not rows. */
  rows: number
  columns: string[]
  /** The first 5 data rows, keyed by column name. */
  head: Record<string, string>[]
}

const headRows = 5

/** Streams one CSV through csv-parse (quotes, embedded newlines, CRLF and a BOM handled), keeping only the head. */
async function summarize(dir: string, file: string): Promise<CsvSummary> {
  const parser = createReadStream(join(dir, file)).pipe(parse({ bom: true, skip_empty_lines: true }))
  let columns: string[] | undefined
  let rows = 0
  const head: Record<string, string>[] = []
  for await (const record of parser as AsyncIterable<string[]>) {
    if (columns === undefined) {
      columns = record
      continue
    }
    if (head.length < headRows) head.push(Object.fromEntries(columns.map((name, i) => [name, record[i]!])))
    rows++
  }
  return { file, rows, columns: columns ?? [], head }
}

/** Every .csv file directly in dir (not below), with its row count, header and first rows, sorted by name. */
export async function describeCsvFiles(dir: string): Promise<CsvSummary[]> {
  const entries = await readdir(dir, { withFileTypes: true })
  const files = entries
    .filter((e) => e.isFile() && !e.name.startsWith('.') && extname(e.name).toLowerCase() === '.csv')
    .map((e) => e.name)
    .sort()
  return Promise.all(files.map((file) => summarize(dir, file)))
}

const defaultExtensions = ['.jpg', '.jpeg', '.png']

/** Files below dir whose extension is one of `extensions` (any case); hidden entries and symbolic links skipped. */
export async function countFiles(dir: string, options: { extensions?: string[] } = {}): Promise<number> {
  const wanted = new Set((options.extensions ?? defaultExtensions).map((ext) => ext.toLowerCase()))
  let count = 0
  const pending = [dir]
  while (pending.length > 0) {
    const current = pending.pop()!
    for (const entry of await readdir(current, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue
      if (entry.isDirectory()) pending.push(join(current, entry.name))
      else if (entry.isFile() && wanted.has(extname(entry.name).toLowerCase())) count++
    }
  }
  return count
}
