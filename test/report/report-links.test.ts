// The class report's links to each student's report, for student folders whose names hold spaces, letters beyond
// ASCII, quotes, # and ?, and (on POSIX, where it is a letter) a backslash; and the same links from Windows paths.
import { expect } from 'chai'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { renderClassReport, reportHref } from '../../grader/report/class-report.js'
import { sampleClass } from './sample-class.js'

/** An attribute's text as the browser reads it (handlebars escapes & < > " ' ` =). */
const unescapeAttribute = (text: string): string =>
  text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replaceAll('&quot;', '"')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&')

const oddIds = [
  "Ana María's, v2",
  'José Ñúñez (2026) #1?',
  ...(process.platform === 'win32' ? [] : ['back\\slash "quoted"']),
]

describe('report links to the students’ reports', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parlab-links-'))
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('resolve to the files for student folders with odd names', () => {
    const run = sampleClass({ bench: false })
    const graded = run.students.filter((s) => s.status === 'graded')
    const students = oddIds.map((id, i) => ({
      ...graded[i]!,
      student: id,
      reportPath: join('students', id, 'index.html'),
    }))
    const html = renderClassReport({ ...run, students })
    writeFileSync(join(dir, 'index.html'), html)
    for (const student of students) {
      mkdirSync(join(dir, 'students', student.student), { recursive: true })
      writeFileSync(join(dir, student.reportPath), '<!doctype html><title>student</title>')
    }
    const links = [...html.matchAll(/\shref="([^"]+)"/g)]
      .map((m) => unescapeAttribute(m[1]!))
      .filter((href) => !href.startsWith('#'))
    expect(links).to.have.length(oddIds.length)
    for (const link of links) {
      const target = resolve(dir, decodeURIComponent(link))
      expect(existsSync(target), `${link} → ${target}`).to.equal(true)
      expect(dirname(dirname(target))).to.equal(join(dir, 'students'))
    }
  })

  it('turn Windows separators into URL ones, and keep a POSIX backslash a letter', () => {
    expect(reportHref("students\\Ana María's, v2\\index.html", '\\')).to.equal(
      "students/Ana%20Mar%C3%ADa's%2C%20v2/index.html",
    )
    expect(reportHref('students\\José #1?\\index.html', '\\')).to.equal(
      'students/Jos%C3%A9%20%231%3F/index.html',
    )
    expect(reportHref('students/back\\slash/index.html', '/')).to.equal('students/back%5Cslash/index.html')
    expect(reportHref('\\\\server\\x.html', '\\')).to.equal('server/x.html')
  })
})
