// The folders the explore checks build in the child, as data: CSV models for describeCsvFiles, file trees for
// countFiles. Expected answers come from these descriptions.
import { extname } from 'node:path'
import { createStream, integerBetween } from '../../../datasets/generators/celeba/random.js'
import type { TreeEntry, TreeSpec } from '../files/tree.js'
import { csvText, type CsvModel } from './csv-model.js'

export interface CsvCase {
  models: CsvModel[]
  /** Files that are not CSVs directly in the folder (describeCsvFiles must ignore them). */
  others?: TreeEntry[]
}

export function csvTree(root: string, csvCase: CsvCase): TreeSpec {
  return {
    root,
    entries: [
      ...csvCase.models.map((model): TreeEntry => ({ path: model.file, kind: 'text', text: csvText(model) })),
      ...(csvCase.others ?? []),
    ],
  }
}

export const quotedFields: CsvCase = {
  models: [
    {
      file: 'reviews.csv',
      columns: ['image_id', 'caption, short', 'notes'],
      rows: [
        ['000001.jpg', 'smiling, eyes open', 'plain'],
        ['000002.jpg', 'says "cheese"', 'two\nlines'],
        ['000003.jpg', 'a, b, c', 'three\nshort\nlines'],
        ['000004.jpg', '', 'windows\r\nbreak inside'],
        ['000005.jpg', '"quoted"', 'end'],
        ['000006.jpg', 'last, row', 'x'],
      ],
    },
  ],
}

const crlfColumns = ['image_id', 'partition']
const crlfRows = Array.from({ length: 7 }, (_, i) => [`00000${i + 1}.jpg`, String(i % 3)])

export const crlfAndBom: CsvCase = {
  models: [
    { file: 'crlf.csv', columns: crlfColumns, rows: crlfRows, eol: '\r\n' },
    { file: 'bom.csv', columns: crlfColumns, rows: crlfRows, bom: true },
    { file: 'excel.csv', columns: crlfColumns, rows: crlfRows, bom: true, eol: '\r\n', quoteAll: true },
  ],
}

export const emptyAndBlank: CsvCase = {
  models: [
    { file: 'empty.csv', columns: [], rows: [], empty: true },
    { file: 'header-only.csv', columns: ['image_id', 'x_1', 'y_1'], rows: [] },
    {
      file: 'blank-lines.csv',
      columns: ['image_id', 'x_1'],
      rows: [
        ['000001.jpg', '95'],
        ['000002.jpg', '72'],
        ['000003.jpg', '216'],
      ],
      blankAfter: [0, 1, -1],
    },
    { file: 'no-final-newline.csv', columns: ['a', 'b'], rows: [['1', '2']], noFinalEol: true },
  ],
}

export const onlyDirectCsvs: CsvCase = {
  models: [
    { file: 'b_landmarks.csv', columns: ['image_id', 'nose_x'], rows: [['000001.jpg', '77']] },
    { file: 'a_partition.csv', columns: ['image_id', 'partition'], rows: [['000001.jpg', '0']] },
  ],
  others: [
    { path: 'notes.txt', kind: 'text', text: 'image_id,partition\n000001.jpg,0\n' },
    { path: 'archive/old.csv', kind: 'text', text: 'image_id\n000001.jpg\n' },
    { path: 'list.csv.bak', kind: 'text', text: 'image_id\n000001.jpg\n' },
  ],
}

/** A CSV of the run's seed: random columns, rows, quoting and line endings. */
export function randomCsvCase(seed: number): CsvCase {
  const random = createStream(seed ^ 0xc5f)
  const columns = Array.from({ length: integerBetween(random, 2, 6) }, (_, i) => `col_${i}`)
  const cell = (): string => {
    const roll = random()
    if (roll < 0.1) return ''
    if (roll < 0.2) return `a, ${integerBetween(random, 0, 99)}`
    if (roll < 0.25) return `line\n${integerBetween(random, 0, 9)}`
    if (roll < 0.3) return `say "${integerBetween(random, 0, 9)}"`
    return String(integerBetween(random, -1, 1000))
  }
  const rows = Array.from({ length: integerBetween(random, 0, 40) }, () => columns.map(cell))
  return {
    models: [
      {
        file: `seeded_${seed % 1000}.csv`,
        columns,
        rows,
        eol: random() < 0.5 ? '\n' : '\r\n',
        bom: random() < 0.5,
        blankAfter: random() < 0.5 ? [integerBetween(random, 0, 5)] : [],
      },
    ],
  }
}

// countFiles --------------------------------------------------------------------------------------------------

const file = (path: string): TreeEntry => ({ path, kind: 'text', text: 'x' })

export const nestedTree: TreeEntry[] = [
  file('a.jpg'),
  file('B.JPG'),
  file('c.jpeg'),
  file('d.png'),
  file('e.Png'),
  file('notes.txt'),
  file('anim.gif'),
  file('jpg'),
  file('.hidden.jpg'),
  file('.cache/thumb.jpg'),
  file('one/f.jpg'),
  file('one/two/g.JPEG'),
  file('one/two/three/h.jpg'),
  file('one/two/three/readme.md'),
  file('one/.git/objects.png'),
  { path: 'empty', kind: 'dir' },
]

export const nestedExtensions = ['.txt', '.GIF']

export const defaultExtensions = ['.jpg', '.jpeg', '.png']

/**
 * The grader's own count over a tree description, by CONTRACT.md §2's rules; the `rules` switches give the
 * counts of the classic mistakes (hidden entries counted, extensions matched case by case).
 */
export function expectedCount(
  entries: TreeEntry[],
  extensions = defaultExtensions,
  rules = { skipHidden: true, anyCase: true },
): number {
  const fold = (text: string): string => (rules.anyCase ? text.toLowerCase() : text)
  const wanted = new Set(extensions.map(fold))
  return entries.filter(
    (entry) =>
      entry.kind !== 'dir' &&
      !(rules.skipHidden && entry.path.split('/').some((part) => part.startsWith('.'))) &&
      wanted.has(fold(extname(entry.path))),
  ).length
}

export function randomTree(seed: number): TreeEntry[] {
  const random = createStream(seed ^ 0x7ee)
  const names = ['img', 'photo', 'scan', 'face', 'x']
  const extensions = ['.jpg', '.JPG', '.jpeg', '.png', '.txt', '.csv', '.webp', '']
  const folders = ['', 'a/', 'a/b/', 'c/', '.hidden/', 'c/d/e/']
  return Array.from({ length: integerBetween(random, 5, 60) }, (_, i) => {
    const folder = folders[integerBetween(random, 0, folders.length - 1)]!
    const hidden = random() < 0.1 ? '.' : ''
    const name = names[integerBetween(random, 0, names.length - 1)]!
    return file(
      `${folder}${hidden}${name}-${i}${extensions[integerBetween(random, 0, extensions.length - 1)]!}`,
    )
  })
}
