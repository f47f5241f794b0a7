import { expect } from 'chai'
import { parse } from 'csv-parse/sync'
import {
  crlfAndBom,
  emptyAndBlank,
  expectedCount,
  onlyDirectCsvs,
  quotedFields,
  randomCsvCase,
  type CsvCase,
} from '../../grader/exercises/explore/cases.js'
import { csvText, summaryOf, type CsvModel } from '../../grader/exercises/explore/csv-model.js'
import { judgeSummaries } from '../../grader/exercises/explore/judge.js'

// A well-kept parser as the witness that each model's text holds what the model says.
function parsedSummary(model: CsvModel) {
  const records: string[][] = parse(csvText(model), { bom: true, skip_empty_lines: true })
  const [columns = [], ...rows] = records
  return {
    file: model.file,
    rows: rows.length,
    columns,
    head: rows.slice(0, 5).map((row) => Object.fromEntries(columns.map((name, i) => [name, row[i]!]))),
  }
}

describe('explore: the CSV cases and their judge', () => {
  const cases: [string, CsvCase][] = [
    ['quoted fields', quotedFields],
    ['CRLF and BOM', crlfAndBom],
    ['empty and blank', emptyAndBlank],
    ['only direct CSVs', onlyDirectCsvs],
    ...[1, 2, 3, 42, 9001].map((seed): [string, CsvCase] => [`random (seed ${seed})`, randomCsvCase(seed)]),
  ]
  for (const [name, csvCase] of cases) {
    it(`writes files that csv-parse reads back as their model says: ${name}`, () => {
      for (const model of csvCase.models)
        expect(parsedSummary(model), model.file).to.deep.equal(summaryOf(model))
    })
  }

  it('writes the quirks it claims: BOM, CRLF, blank lines, no final newline', () => {
    const [crlf, bom] = crlfAndBom.models
    expect(csvText(crlf!))
      .to.include('\r\n')
      .and.not.match(/^\uFEFF/)
    expect(csvText(bom!)).to.match(/^\uFEFF/)
    const text = (file: string): string => csvText(emptyAndBlank.models.find((m) => m.file === file)!)
    expect(text('empty.csv')).to.equal('')
    expect(text('blank-lines.csv')).to.include('\n\n')
    expect(text('no-final-newline.csv').endsWith('\n')).to.equal(false)
  })

  it('names the mistakes: the name’s length as row count, the BOM, CRLF, the header counted', () => {
    const expected = [summaryOf(crlfAndBom.models[0]!)]
    const wrong = (change: (s: ReturnType<typeof summaryOf>) => void) => {
      const copy = structuredClone(expected)
      change(copy[0]!)
      return judgeSummaries(copy, expected)
    }
    expect(judgeSummaries(structuredClone(expected), expected)).to.deep.equal({ passed: true })
    expect(wrong((s) => (s.rows = s.file.length)).hint).to.include('length of its name')
    expect(wrong((s) => (s.columns[0] = `\uFEFF${s.columns[0]!}`)).hint).to.include('byte-order mark')
    expect(wrong((s) => (s.head[0]!.partition += '\r')).hint).to.include('CRLF')
    // crlf.csv's 7 rows + 1 is also its name's length: the header case needs another file
    const landmarks = [summaryOf(onlyDirectCsvs.models[0]!)]
    const withHeader = structuredClone(landmarks)
    withHeader[0]!.rows += 1
    expect(judgeSummaries(withHeader, landmarks).hint).to.include('header line is not a data row')
    expect(judgeSummaries([], expected).message).to.include('files expected ["crlf.csv"]')
  })

  it('counts a tree by the contract’s rules, and by the rules of each classic mistake', () => {
    const tree = ['a.jpg', 'B.JPG', '.h.jpg', '.dir/c.png', 'd/e.jpeg', 'f.txt'].map((path) => ({
      path,
      kind: 'text' as const,
      text: '',
    }))
    expect(expectedCount(tree)).to.equal(3)
    expect(expectedCount(tree, ['.txt'])).to.equal(1)
    expect(expectedCount(tree, undefined, { skipHidden: false, anyCase: true })).to.equal(5)
    expect(expectedCount(tree, undefined, { skipHidden: true, anyCase: false })).to.equal(2)
  })
})
