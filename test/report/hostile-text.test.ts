import { expect } from 'chai'
import { Writable } from 'node:stream'
import { renderClassReport } from '../../grader/report/class-report.js'
import { csvCell, renderGradebook } from '../../grader/report/gradebook-csv.js'
import { renderHtmlReport } from '../../grader/report/html.js'
import { createBatchProgress } from '../../grader/report/progress.js'
import { printClassSummary, printSummary } from '../../grader/report/summary.js'
import { terminalLine, terminalText } from '../../grader/report/terminal.js'
import type { ClassRun, StudentRow } from '../../grader/types.js'
import { sampleClass } from './sample-class.js'
import { sampleGrade } from './sample-grade.js'

// What a student controls, shaped to attack each output: a terminal, a spreadsheet, a page.
const escapes = 'ana\x1b[2J\x1b]0;owned\x07\x1b[31m\r\x08\x00\x9b1A\u202e'
const breakout = `</script><script>alert(1)</script><img src=x onerror=alert(2)>"'><svg onload=alert(3)>`
// eslint-disable-next-line no-control-regex
const anyControl = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/

function collect(): { stream: Writable & { isTTY?: boolean }; text: () => string } {
  const chunks: string[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString())
      done()
    },
  })
  return { stream, text: () => chunks.join('') }
}

const row = (student: string, status: StudentRow['status'], reason?: string): StudentRow => ({
  student,
  pseudonym: 'p',
  status,
  ...(reason ? { reason } : {}),
  score: 3,
  maxScore: 5,
  exercises: [{ exerciseId: 'sum', score: 3, maxScore: 5 }],
  checks: [],
  speed: [],
  durationMs: 1,
})

describe('gradebook cells that a spreadsheet would read as formulas', () => {
  it('defuses a leading tab or carriage return like = + - @', () => {
    expect(csvCell('\t=cmd|"/c calc"!A1')).to.equal(`"'\t=cmd|""/c calc""!A1"`)
    expect(csvCell('\r=1+1')).to.equal(`"'\r=1+1"`)
    expect(csvCell('\tplain')).to.equal("'\tplain")
    const csv = renderGradebook({
      exercises: ['sum'],
      students: [row('\t=1+1', 'crashed', '\r@SUM(1)')],
    } as ClassRun)
    expect(csv.split('\r\n')[1]).to.equal(`'\t=1+1,3,5,3,crashed,"'\r@SUM(1)"`)
  })
})

describe('student text printed to a terminal', () => {
  it('loses escape sequences and control characters, keeps the rest', () => {
    expect(
      terminalText('a\x1b[31mred\x1b[0m\x1b]0;title\x07 \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\'),
    ).to.equal('ared link')
    expect(terminalText('one\ttwo\nthree\r\x00\x7f\x85\u202eü🚀')).to.equal('one two\nthreeü🚀')
    expect(terminalLine('one\ntwo')).to.equal('one two')
    expect(terminalText(escapes)).to.equal('ana')
  })

  it('in the class summary: ids, reasons and changes, one line each', () => {
    const out = collect()
    const run = { students: [row(escapes, 'crashed', `line one\n${escapes}`)], durationMs: 1 } as ClassRun
    printClassSummary(
      out.stream,
      { run, changes: [`${escapes}: 1 → 2`], resumed: 0 },
      { html: 'a', gradebook: 'b' },
    )
    expect(out.text()).not.to.match(anyControl)
    expect(out.text()).to.include('  ana: crashed: line one ana\n').and.include('  ana: 1 → 2\n')
  })

  it('in the summary of one submission', () => {
    const out = collect()
    const grade = sampleGrade()
    grade.exercises[0]!.title = `Sum${escapes}`
    printSummary(out.stream, grade, { html: `/tmp/${escapes}/index.html`, results: '/tmp/r.json' })
    expect(out.text()).not.to.match(anyControl)
    expect(out.text()).to.include('Sumana (sum)')
  })

  it('in the batch progress lines', () => {
    const ci = process.env.CI
    delete process.env.CI
    try {
      const out = collect()
      const progress = createBatchProgress(out.stream as unknown as NodeJS.WriteStream)
      progress.onStudent?.(row(escapes, 'graded'), false)
      progress.stop()
      expect(out.text()).to.equal('1 ana: graded 3/5\n')
    } finally {
      if (ci !== undefined) process.env.CI = ci
    }
  })
})

describe('student text in the HTML reports', () => {
  // Raw tags only: "onerror=" in escaped text is text.
  const unescaped = /<script|<img|<svg onload|href="javascript/i

  it('a student report: messages, hints, stderr, type warnings and dashboard labels stay text', () => {
    const grade = sampleGrade()
    grade.student = breakout
    const check = grade.exercises[0]!.checks[0]!
    Object.assign(check, { status: 'failed', message: breakout, hint: breakout, stderrTail: breakout })
    grade.exercises[0]!.typeWarnings = [breakout]
    grade.exercises[0]!.dashboard = {
      source: breakout,
      panels: [{ title: breakout, kind: 'bars', unit: breakout, note: breakout, data: [[breakout, 3]] }],
    } as never
    grade.regradeCommand = `npm run grade -- --submission '${breakout}'`
    const html = renderHtmlReport(grade)
    expect(html.replace(/<svg class="chart[^>]*>/g, '')).not.to.match(unescaped)
    expect(html).to.include('&lt;/script&gt;')
  })

  it('the class report: ids (also in links), reasons and chart titles stay text', () => {
    const run = sampleClass()
    run.students[0]!.student = breakout
    run.students[0]!.reason = breakout
    run.students[1]!.student = 'javascript:alert(1)'
    run.students[1]!.reportPath = 'students/javascript:alert(1)/index.html'
    run.students[2]!.status = 'crashed'
    run.students[2]!.reason = breakout
    run.students[2]!.pseudonym = breakout
    const html = renderClassReport(run)
    expect(html.replace(/<svg class="chart[^>]*>/g, '')).not.to.match(unescaped)
    expect(html).to.include('href="students/javascript%3Aalert(1)/index.html"')
  })
})
