// What describeCsvFiles and countFiles must find in a generated CelebA-shaped folder, from the generator's own
// records (the files are never parsed to know it).
import { imageCounts } from '../../../datasets/generators/celeba/celeba.js'
import { csvFiles, recordOf, rowOf } from '../../../datasets/generators/celeba/records.js'
import type { CsvSummary } from './csv-model.js'

/** The checks' data set is always the tiny one. */
export const checkedImages = imageCounts.tiny

export function celebaSummaries(seed: number, count = checkedImages): CsvSummary[] {
  const head = Array.from({ length: Math.min(5, count) }, (_, i) => recordOf(seed, i + 1, count))
  return csvFiles.map(({ file, columns }) => ({
    file,
    rows: count,
    columns: [...columns],
    head: head.map((record) => {
      const cells = rowOf(record, file)
      return Object.fromEntries(columns.map((name, i) => [name, cells[i]!] as const))
    }),
  }))
}
