import { lstatSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { GradingError } from '../errors.js'
import { refusalOf } from '../util/source-files.js'

/** One student's entry in a class folder: a subfolder, a .zip or a .tar.gz (CONTRACT.md §4). */
export interface RosterEntry {
  student: string
  path: string
  /** `refused`: a link, FIFO, socket or device, never followed: the student's row is unreadable with `reason`. */
  kind: 'folder' | 'zip' | 'tar.gz' | 'refused'
  reason?: string
}

const archive = /^(.*?)(\.zip|\.tar\.gz|\.tgz)$/i

/** Every student of a class folder, sorted by id; two entries with one id stop the run, naming both. */
export function readRoster(dir: string): RosterEntry[] {
  const root = resolve(dir)
  let names: string[]
  try {
    if (!statSync(root).isDirectory()) throw new Error('not a folder')
    names = readdirSync(root)
  } catch {
    throw new GradingError(
      `--submissions ${dir}: no such folder. Pass the folder that holds one entry per student.`,
    )
  }
  const entries: RosterEntry[] = []
  for (const name of names.filter((n) => !n.startsWith('.')).sort()) {
    const path = join(root, name)
    // The class folder itself may be a link (resolved above); its entries are never followed (CONTRACT.md §7).
    const stat = lstatSync(path)
    const match = archive.exec(name)
    if (stat.isDirectory()) entries.push({ student: name, path, kind: 'folder' })
    else if (stat.isFile()) {
      if (match) {
        entries.push({
          student: match[1]!,
          path,
          kind: match[2]!.toLowerCase() === '.zip' ? 'zip' : 'tar.gz',
        })
      }
    } else {
      const reason = refusalOf(name, stat, 'Put the folder or archive itself in the class folder.').message
      entries.push({ student: match?.[1] ?? name, path, kind: 'refused', reason })
    }
  }
  const seen = new Map<string, RosterEntry>()
  for (const entry of entries) {
    const earlier = seen.get(entry.student)
    if (earlier) {
      throw new GradingError(
        `--submissions ${dir}: "${earlier.path}" and "${entry.path}" are both student "${entry.student}". Keep one of them.`,
      )
    }
    seen.set(entry.student, entry)
  }
  if (entries.length === 0) {
    throw new GradingError(
      `--submissions ${dir}: no subfolder, .zip or .tar.gz inside. Put one entry per student there.`,
    )
  }
  return entries.sort((a, b) => (a.student < b.student ? -1 : a.student > b.student ? 1 : 0))
}
