import { createWriteStream, type WriteStream } from 'node:fs'
import { join } from 'node:path'
import { csvFiles, recordOf, rowOf } from './records.js'

const rowsPerWrite = 4096

function written(stream: WriteStream, text: string): Promise<void> {
  return stream.write(text)
    ? Promise.resolve()
    : new Promise((resolve) => stream.once('drain', () => resolve()))
}

function closed(stream: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.once('error', reject)
    stream.end(() => resolve())
  })
}

/** The four CSVs, one row per image, with CelebA's headers; plain integers need no quoting. */
export async function writeCsvFiles(dir: string, seed: number, count: number): Promise<void> {
  const streams = csvFiles.map(({ file }) => createWriteStream(join(dir, file)))
  try {
    await Promise.all(csvFiles.map(({ columns }, i) => written(streams[i]!, `${columns.join(',')}\n`)))
    for (let from = 1; from <= count; from += rowsPerWrite) {
      const blocks = csvFiles.map(() => [] as string[])
      for (let index = from; index < Math.min(count + 1, from + rowsPerWrite); index++) {
        const record = recordOf(seed, index, count)
        csvFiles.forEach(({ file }, i) => blocks[i]!.push(`${rowOf(record, file).join(',')}\n`))
      }
      await Promise.all(blocks.map((lines, i) => written(streams[i]!, lines.join(''))))
    }
  } finally {
    await Promise.all(streams.map(closed))
  }
}
