import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ownedTempDir } from '../util/abandoned.js'

// Files the grader makes as check inputs (a 1.2 MB line, the run's random sample) are the same for every student of
// a batch: they are written once per process into a folder every sandboxed child may read (and none may write), and
// handed over by path instead of crossing IPC with every call.
let root: string | undefined

export function sharedInputsDir(): string {
  if (!root) {
    const dir = ownedTempDir(tmpdir(), 'parlab-inputs-')
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
    root = dir
  }
  return root
}

const written = new WeakMap<Uint8Array, Map<string, string>>()

/** The path of a read-only file with these bytes under this name (kept: strategies look at extensions). */
export function sharedInputFile(name: string, bytes: Uint8Array): string {
  let byName = written.get(bytes)
  const known = byName?.get(name)
  if (known) return known
  const dir = join(sharedInputsDir(), createHash('sha256').update(bytes).digest('hex').slice(0, 20))
  const path = join(dir, name)
  if (!existsSync(path)) {
    mkdirSync(dir, { recursive: true })
    writeFileSync(path, bytes, { mode: 0o444 })
  }
  if (!byName) written.set(bytes, (byName = new Map<string, string>()))
  byName.set(name, path)
  return path
}
