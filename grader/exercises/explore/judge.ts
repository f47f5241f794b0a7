// Compares describeCsvFiles' answer with the expected summaries, file by file, and names the classic mistakes.
import type { Judgement } from '../definition.js'
import type { CsvSummary } from './csv-model.js'

const show = (value: unknown): string => JSON.stringify(value)

function sameRecord(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  if (!a || !b) return a === b
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key])
}

function fileProblems(expected: CsvSummary, received: CsvSummary): string[] {
  const problems: string[] = []
  const name = expected.file
  if (received.rows !== expected.rows) {
    problems.push(`${name}: rows expected ${expected.rows}, received ${received.rows}`)
  }
  if (show(received.columns) !== show(expected.columns)) {
    problems.push(`${name}: columns expected ${show(expected.columns)}, received ${show(received.columns)}`)
  }
  if (received.head.length !== expected.head.length) {
    problems.push(`${name}: head expected ${expected.head.length} rows, received ${received.head.length}`)
  } else {
    const wrong = expected.head.findIndex((row, i) => !sameRecord(row, received.head[i]))
    if (wrong >= 0) {
      problems.push(
        `${name}: head row ${wrong + 1} expected ${show(expected.head[wrong])}, received ${show(received.head[wrong])}`,
      )
    }
  }
  return problems
}

/** Hints for the mistakes the course and students make, judged from what came back. */
function hintFor(expected: CsvSummary[], received: CsvSummary[]): string | undefined {
  const pairs = expected.flatMap((e) => {
    const r = received.find((x) => x.file === e.file)
    return r ? [[e, r] as const] : []
  })
  const named = pairs.find(([e, r]) => r.rows === e.file.length && r.rows !== e.rows)
  if (named) {
    return (
      `${named[0].file} has ${named[1].rows} rows by your count, which is the length of its name: the course's own ` +
      `mistake (len(file) instead of len(df)). Count the parsed data rows.`
    )
  }
  if (pairs.some(([, r]) => r.columns[0]?.startsWith('\uFEFF'))) {
    return 'The first column name starts with U+FEFF: the file begins with a UTF-8 byte-order mark. csv-parse drops it with { bom: true }.'
  }
  if (pairs.some(([, r]) => r.head.some((row) => Object.values(row).some((v) => v.endsWith('\r'))))) {
    return 'Values end in "\\r": the file has Windows line endings (CRLF). A CSV parser handles them; splitting on "\\n" does not.'
  }
  if (pairs.some(([e, r]) => r.rows === e.rows + 1)) {
    return 'One row too many: the header line is not a data row.'
  }
  if (pairs.some(([e, r]) => r.rows > e.rows + 1)) {
    return 'More rows than the file has: quoted fields may hold newlines (and blank lines are not rows). Parse with csv-parse instead of splitting lines.'
  }
  return undefined
}

export function judgeSummaries(received: unknown, expected: CsvSummary[]): Judgement {
  const got = received as CsvSummary[]
  const problems: string[] = []
  const names = got.map((s) => s.file)
  const expectedNames = expected.map((s) => s.file)
  if (show(names) !== show(expectedNames)) {
    problems.push(`files expected ${show(expectedNames)} (sorted by name), received ${show(names)}`)
  }
  for (const summary of expected) {
    const match = got.find((s) => s.file === summary.file)
    if (match) problems.push(...fileProblems(summary, match))
  }
  if (problems.length === 0) return { passed: true }
  const hint = hintFor(expected, got)
  return { passed: false, message: problems.slice(0, 8).join('\n'), ...(hint ? { hint } : {}) }
}
