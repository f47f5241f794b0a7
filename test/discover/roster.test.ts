import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readRoster } from '../../grader/discover/roster.js'

// CONTRACT.md §7: entries of a class folder that are links, FIFOs… are rows with a reason, never followed.

function mkfifo(path: string): void {
  const made = spawnSync('mkfifo', [path])
  if (made.status !== 0) throw new Error(`mkfifo failed: ${made.stderr.toString()}`)
}

describe('a class folder', () => {
  it('makes a row of each entry that is a link or a FIFO, never following it', () => {
    const classDir = mkdtempSync(join(tmpdir(), 'parlab-links-class-'))
    mkdirSync(join(classDir, 'ana'))
    mkdirSync(join(classDir, '.real-bob', 'sum'), { recursive: true })
    symlinkSync(join(classDir, '.real-bob'), join(classDir, 'bob'))
    symlinkSync('/etc/passwd', join(classDir, 'carol.zip'))
    mkfifo(join(classDir, 'dan.tar.gz'))
    writeFileSync(join(classDir, 'notes.txt'), 'not a student')
    const roster = readRoster(classDir)
    expect(roster.map((e) => [e.student, e.kind])).to.deep.equal([
      ['ana', 'folder'],
      ['bob', 'refused'],
      ['carol', 'refused'],
      ['dan', 'refused'],
    ])
    expect(roster[1]!.reason)
      .to.include('bob is a symbolic link')
      .and.include('Put the folder or archive itself')
    expect(roster[3]!.reason).to.include('dan.tar.gz is a FIFO')
  })
})
