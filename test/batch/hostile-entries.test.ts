import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gradeClass, type BatchOptions } from '../../grader/batch/batch.js'
import { loadGradingConfig } from '../../grader/config.js'
import type { StudentRow } from '../../grader/types.js'
import { sumOnlyOptions, tarOfDirectories } from '../helpers.js'

interface Stored {
  runKey: string
  row: StudentRow
}

describe('a batch with hostile class-folder entries, and reruns after a crash of the grader', function () {
  this.timeout(240_000)
  const classDir = mkdtempSync(join(tmpdir(), 'parlab-hostile-entries-'))
  const out = mkdtempSync(join(tmpdir(), 'parlab-hostile-entries-out-'))
  const options: BatchOptions = {
    ...sumOnlyOptions('exercises'),
    outDir: out,
    submissionsDir: classDir,
    jobs: 2,
    force: false,
  }
  const rowFile = join(out, 'students', 'ana', 'row.json')
  const status = (rows: StudentRow[]): Record<string, string> =>
    Object.fromEntries(
      rows.map((row) => [row.student, `${row.status}${row.reason ? `: ${row.reason}` : ''}`]),
    )

  before(() => {
    // ana: the untouched stubs (graded quickly: every strategy throws "not implemented").
    cpSync('exercises/sum', join(classDir, 'ana', 'sum'), { recursive: true })
    // bomb: 300,000 folders in 2 MB (the old grader spent minutes unpacking it before grading anyone).
    tarOfDirectories(300_000, join(classDir, 'bomb.tar.gz'))
    // eve: a link to a folder elsewhere; fred.zip: a FIFO (the old grader followed the one, skipped the other).
    const elsewhere = mkdtempSync(join(tmpdir(), 'parlab-hostile-entries-elsewhere-'))
    cpSync('exercises/sum', join(elsewhere, 'sum'), { recursive: true })
    symlinkSync(elsewhere, join(classDir, 'eve'))
    mkdirSync(join(classDir, '.hidden'))
    const fifo = spawnSync('mkfifo', [join(classDir, 'fred.zip')])
    if (fifo.status !== 0) throw new Error(fifo.stderr.toString())
  })

  it('grades the others; a refused archive, a link and a FIFO are unreadable rows with the reason', async () => {
    const result = await gradeClass(options, loadGradingConfig())
    const rows = status(result.run.students)
    expect(Object.keys(rows)).to.deep.equal(['ana', 'bomb', 'eve', 'fred'])
    expect(rows['ana']).to.equal('graded')
    expect(rows['bomb']).to.equal(
      'unreadable: the archive holds more than 2000 entries (files and folders): refused',
    )
    expect(rows['eve']).to.match(
      /^unreadable: eve is a symbolic link: refused .*Put the folder or archive itself/,
    )
    expect(rows['fred']).to.match(/^unreadable: fred\.zip is a FIFO \(named pipe\): refused/)
  })

  it('grades again a student whose row the grader marked crashed, though nothing changed', async () => {
    const stored = JSON.parse(readFileSync(rowFile, 'utf8')) as Stored
    const crashed = {
      ...stored,
      row: { ...stored.row, status: 'crashed', reason: 'the grader could not finish it' },
    }
    writeFileSync(rowFile, JSON.stringify(crashed))
    const result = await gradeClass(options, loadGradingConfig())
    expect(status(result.run.students)['ana']).to.equal('graded')
    expect(result.resumed).to.equal(0)
  })

  it('keeps the rows that stand (graded, timed-out) when nothing changed', async () => {
    const resumed = await gradeClass(options, loadGradingConfig())
    expect(status(resumed.run.students)['ana']).to.equal('graded')
    expect(resumed.resumed).to.equal(1)
    const stored = JSON.parse(readFileSync(rowFile, 'utf8')) as Stored
    writeFileSync(rowFile, JSON.stringify({ ...stored, row: { ...stored.row, status: 'timed-out' } }))
    const again = await gradeClass(options, loadGradingConfig())
    expect(status(again.run.students)['ana']).to.equal('timed-out')
    expect(again.resumed).to.equal(1)
  })
})
