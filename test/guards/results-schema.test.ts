// results.json is validated against grader/report/results.schema.json before it is written (CONTRACT.md §5): the
// schema must refuse every way a document can be malformed, and nothing it refuses may reach the disk.
import { expect } from 'chai'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { toResultsJson, validateResultsJson } from '../../grader/report/results-json.js'
import { writeSubmissionReports } from '../../grader/report/write.js'
import type { CheckResult } from '../../grader/types.js'
import { sampleGrade } from '../report/sample-grade.js'

interface Test {
  name: string
  score: unknown
  status: string
  tags: string[]
  visibility?: string
  extra_data?: { verdict?: string; ratio?: Record<string, unknown> }
  [key: string]: unknown
}

interface Document {
  tests: Test[]
  extra_data: Record<string, unknown> & { machine: Record<string, unknown> }
  [key: string]: unknown
}

/** A fresh copy of a real document: the sample graded submission (checks, a hidden one, speed tests) as written. */
const document = (): Document => structuredClone(toResultsJson(sampleGrade())) as unknown as Document
const speedTest = (doc: Document): Test => doc.tests.find((t) => t.extra_data?.ratio)!

const malformed: Record<string, (doc: Document) => void> = {
  'a test status Gradescope does not know ("error")': (doc) => (doc.tests[0]!.status = 'error'),
  'a test without visibility': (doc) => delete doc.tests[0]!.visibility,
  'a test visible neither now nor after publishing ("hidden")': (doc) =>
    (doc.tests[0]!.visibility = 'hidden'),
  'a test whose tags say no kind (correctness, speed or quiz)': (doc) =>
    (doc.tests[0]!.tags = ['sum', 'parallel']),
  'a test with more tags than exercise, strategy and kind': (doc) => doc.tests[0]!.tags.push('extra'),
  'a test not named "<exercise> › <strategy> › <check>"': (doc) =>
    (doc.tests[0]!.name = 'sums a small array'),
  'a negative test score': (doc) => (doc.tests[0]!.score = -1),
  'a test with a field Gradescope does not know (a typo)': (doc) => (doc.tests[0]!['visiblity'] = 'visible'),
  'a test without max_score': (doc) => delete doc.tests[0]!['max_score'],
  'a speed verdict that is not one of the five': (doc) => (speedTest(doc).extra_data!.verdict = 'fast'),
  'a speed ratio without its interval': (doc) => delete speedTest(doc).extra_data!.ratio!['low'],
  'a total score given as text': (doc) => (doc['score'] = '37.5'),
  'no total score': (doc) => delete doc['score'],
  'a negative execution time': (doc) => (doc['execution_time'] = -1),
  'no tests': (doc) => delete (doc as Partial<Document>).tests,
  'a top-level field Gradescope does not know': (doc) => (doc['scores'] = 1),
  'another schemaVersion': (doc) => (doc.extra_data['schemaVersion'] = 2),
  'no grader version': (doc) => delete doc.extra_data['graderVersion'],
  'a seed that is not an integer': (doc) => (doc.extra_data['seed'] = 1.5),
  'a submission hash that is not a sha256': (doc) => (doc.extra_data['submissionHash'] = 'abc123'),
  'a machine without its core count': (doc) => delete doc.extra_data.machine['cores'],
  'no regrade command': (doc) => delete doc.extra_data['regradeCommand'],
}

describe('the results.json schema', () => {
  it('accepts the document the grader writes for a graded submission', () => {
    const doc = document()
    expect(doc.tests.some((t) => t.visibility === 'after_published')).to.equal(true)
    expect(() => validateResultsJson(doc)).to.not.throw()
  })

  for (const [problem, spoil] of Object.entries(malformed)) {
    it(`refuses ${problem}`, () => {
      const doc = document()
      spoil(doc)
      expect(doc).to.not.deep.equal(document())
      expect(() => validateResultsJson(doc)).to.throw(/results\.json does not match its schema: /)
    })
  }

  it('is checked before anything is written: a malformed document never reaches the disk', async () => {
    const grade = sampleGrade()
    const first = grade.exercises[0]!.checks[0]!
    grade.exercises[0]!.checks[0] = { ...first, status: 'error' as unknown as CheckResult['status'] }
    const out = mkdtempSync(join(tmpdir(), 'parlab-guard-schema-'))
    let failure: unknown
    try {
      await writeSubmissionReports(grade, out)
    } catch (error) {
      failure = error
    }
    expect(failure, 'the write was refused').to.be.an('error')
    expect((failure as Error).message).to.match(
      /\/tests\/0\/status must be equal to one of the allowed values/,
    )
    expect(existsSync(join(out, 'results.json'))).to.equal(false)
    expect(existsSync(join(out, 'index.html'))).to.equal(false)
  })
})
