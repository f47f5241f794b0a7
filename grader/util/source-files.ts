import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readSync,
  type Stats,
} from 'node:fs'
import { extname, join } from 'node:path'

const maxSourceBytes = 2 * 1024 * 1024
/** Entries an exercise folder may hold (hidden ones and node_modules are not walked): the walk stays short. */
const maxEntries = 10_000
export const compiledExtensions: ReadonlySet<string> = new Set(['.ts', '.mts', '.js', '.mjs'])
export const copiedExtensions: ReadonlySet<string> = new Set(['.json', '.cjs'])

/**
 * A file or folder of a submission that the grader will not read (CONTRACT.md §7: files are data, never links): a
 * symbolic link, a FIFO, a socket or a device. The message names the file and the fix, never what a link points at.
 */
export class RefusedFile extends Error {}

/** "a symbolic link", "a FIFO (named pipe)"…: what an entry is when it is not a regular file or a folder. */
function kindOf(stat: Stats): string {
  if (stat.isSymbolicLink()) return 'a symbolic link'
  if (stat.isFIFO()) return 'a FIFO (named pipe)'
  if (stat.isSocket()) return 'a socket'
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device'
  if (stat.isDirectory()) return 'a folder'
  return 'not a regular file'
}

export const fileFix = 'Put a regular file (or folder) there instead: a copy, not a link.'
export const folderFix = 'Hand in the folder itself in its place, not a link to it.'

/** The refusal of `shown` (a path as the student knows it, e.g. "sum/quiz.json"), with the fix. */
export function refusalOf(shown: string, stat: Stats, fix = fileFix): RefusedFile {
  return new RefusedFile(
    `${shown} is ${kindOf(stat)}: refused (the grader reads only regular files and folders, never links). ${fix}`,
  )
}

/** lstat, or undefined when nothing is there. Never follows a link. */
export function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path)
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code === 'ENOENT' ||
      (error as NodeJS.ErrnoException).code === 'ENOTDIR'
    )
      return undefined
    throw error
  }
}

/**
 * Reads a regular file of a submission without following a link and without blocking: lstat first (a FIFO, socket or
 * device is never opened), then open with O_NOFOLLOW | O_NONBLOCK and check with fstat that it is still the same
 * regular file. Its folders must already be known not to be links (the walk below never enters one). Throws a
 * RefusedFile naming `shown` for anything else, or a file larger than `maxBytes`.
 */
export function readSubmissionFile(path: string, shown: string, maxBytes = maxSourceBytes): Buffer {
  const before = lstatSync(path)
  if (!before.isFile()) throw refusalOf(shown, before)
  if (before.size > maxBytes) {
    throw new RefusedFile(`${shown} is larger than ${Math.round(maxBytes / 1024)} KB: refused`)
  }
  let fd: number
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw refusalOf(shown, lstatSync(path))
    throw error
  }
  try {
    const stat = fstatSync(fd)
    if (!stat.isFile() || stat.ino !== before.ino || stat.dev !== before.dev) {
      throw new RefusedFile(`${shown} changed while it was read: refused. Hand in a regular file.`)
    }
    if (stat.size > maxBytes) {
      throw new RefusedFile(`${shown} is larger than ${Math.round(maxBytes / 1024)} KB: refused`)
    }
    const buffer = Buffer.alloc(stat.size)
    let read = 0
    while (read < buffer.length) {
      const n = readSync(fd, buffer, read, buffer.length - read, read)
      if (n === 0) break
      read += n
    }
    return buffer.subarray(0, read)
  } finally {
    closeSync(fd)
  }
}

/** What the walk of an exercise folder found: source files (relative paths) and what it refused. */
export interface SourceScan {
  files: string[]
  /** Why each refused entry was refused (each reason names the entry as `<label>/<path>` and the fix). */
  refused: { file: string; reason: string }[]
}

const isSource = (rel: string): boolean =>
  !rel.endsWith('.d.ts') && (compiledExtensions.has(extname(rel)) || copiedExtensions.has(extname(rel)))

/**
 * Walks an exercise folder without following links: regular files with a source extension (no hidden entries, no
 * node_modules, no huge files) are listed; a link, FIFO, socket or device that would have been read, and a folder
 * that is a link, are refused with the reason. The folder itself must be a real folder: a link is refused whole.
 * `label` names the folder in reasons (e.g. "sum"). A folder of more than 10,000 entries throws a RefusedFile.
 */
export function scanSourceFiles(dir: string, label = '.'): SourceScan {
  const scan: SourceScan = { files: [], refused: [] }
  const top = lstatOrUndefined(dir)
  if (!top) return scan // a missing exercise folder: every strategy is "missing"
  if (!top.isDirectory()) {
    scan.refused.push({ file: '', reason: refusalOf(label, top, folderFix).message })
    return scan
  }
  let seen = 0
  const walk = (prefix: string): void => {
    for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue
      if (++seen > maxEntries) {
        throw new RefusedFile(
          `${label} holds more than ${maxEntries} files and folders: refused. Hand in the sources, not data or dependencies.`,
        )
      }
      const rel = join(prefix, entry.name)
      if (entry.isDirectory()) walk(rel)
      else if (entry.isFile()) {
        if (!isSource(rel)) continue
        if (lstatSync(join(dir, rel)).size <= maxSourceBytes) scan.files.push(rel)
        else {
          const reason = `${label}/${rel} is larger than ${maxSourceBytes / 1024} KB: refused. Keep source files small.`
          scan.refused.push({ file: rel, reason })
        }
      } else if (isSource(rel) || entry.isSymbolicLink()) {
        // A link to a folder would be read as one; a link to a file, a FIFO, a socket or a device as a file.
        const stat = lstatSync(join(dir, rel))
        scan.refused.push({ file: rel, reason: refusalOf(`${label}/${rel}`, stat).message })
      }
    }
  }
  walk('')
  scan.files.sort()
  scan.refused.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
  return scan
}

/** Source files of an exercise folder, relative to it: no hidden entries, no node_modules, no links, no huge files. */
export function listSourceFiles(dir: string): string[] {
  return scanSourceFiles(dir).files
}
