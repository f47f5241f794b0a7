import { createReadStream, createWriteStream, lstatSync, mkdirSync, readdirSync } from 'node:fs'
import { dirname, isAbsolute, join, normalize, sep } from 'node:path'
import { pipeline } from 'node:stream/promises'
import * as tar from 'tar'
import yauzl from 'yauzl'
import { exerciseIds } from '../types.js'

/** Caps on what one student's archive may unpack to (a zip bomb is refused, not unpacked), and on its time. */
export interface ExtractLimits {
  /** Entries: files and folders, those the archive names and those its paths imply. */
  maxFiles: number
  maxBytes: number
  /** Unpacking is the student's work: an archive that takes longer is refused. */
  timeoutMs: number
}

export const defaultLimits: ExtractLimits = {
  maxFiles: 2_000,
  maxBytes: 64 * 1024 * 1024,
  timeoutMs: 30_000,
}

/** Why an archive was refused; becomes the "unreadable" reason of that student. */
export class UnreadableSubmission extends Error {}

/** A relative path that stays inside the target, or a refusal that names the entry. */
function safePath(entryName: string): string {
  const normalized = normalize(entryName.replaceAll('\\', '/'))
  if (isAbsolute(normalized) || normalized.split(sep).includes('..')) {
    throw new UnreadableSubmission(`the archive entry "${entryName}" points outside the submission folder`)
  }
  return normalized
}

/** What the archive has unpacked to so far: entries (folders included, named or implied by paths) and bytes. */
class Budget {
  entries = 0
  bytes = 0
  readonly folders = new Set<string>()
  readonly limits: ExtractLimits
  constructor(limits: ExtractLimits) {
    this.limits = limits
  }
  #count(): void {
    if (++this.entries > this.limits.maxFiles) {
      throw new UnreadableSubmission(
        `the archive holds more than ${this.limits.maxFiles} entries (files and folders): refused`,
      )
    }
  }
  /** A folder, and the folders its path implies; each counts once. */
  folder(path: string): void {
    for (
      let dir = path;
      dir !== '.' && dir !== '' && dir !== sep && !this.folders.has(dir);
      dir = dirname(dir)
    ) {
      this.folders.add(dir)
      this.#count()
    }
  }
  file(name: string, path: string, bytes: number): void {
    this.folder(dirname(path))
    this.#count()
    this.bytes += bytes
    if (this.bytes > this.limits.maxBytes) {
      throw new UnreadableSubmission(
        `the archive unpacks to more than ${Math.round(this.limits.maxBytes / 2 ** 20)} MB (at "${name}"): refused`,
      )
    }
  }
}

const timedOut = (limits: ExtractLimits): UnreadableSubmission =>
  new UnreadableSubmission(`unpacking the archive took more than ${limits.timeoutMs / 1000} s: refused`)

/**
 * Feeds the archive to a tar parser (a lister or an unpacker) and settles when it is done, on its first error, or
 * when `signal` fires (the parser is then aborted and the file no longer read).
 */
function feedTar(
  archive: string,
  parser: tar.Parser,
  done: 'end' | 'close',
  signal: AbortSignal,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const stream = createReadStream(archive, { highWaterMark: 1 << 20 })
    let settled = false
    const settle = (error?: unknown): void => {
      if (settled) return
      settled = true
      signal.removeEventListener('abort', onAbort)
      stream.destroy()
      if (error === undefined) resolve()
      else reject(error instanceof Error ? error : new Error('the archive cannot be read'))
    }
    const onAbort = (): void => {
      const reason: unknown = signal.reason
      settle(reason)
      parser.abort(reason instanceof Error ? reason : new Error(String(reason)))
    }
    if (signal.aborted) return onAbort()
    signal.addEventListener('abort', onAbort, { once: true })
    parser.on('error', settle)
    parser.on('abort', settle)
    parser.on(done, () => settle())
    stream.on('error', settle)
    stream.pipe(parser)
  })
}

async function extractTarGz(
  archive: string,
  target: string,
  limits: ExtractLimits,
  signal: AbortSignal,
): Promise<void> {
  // First pass reads only headers (sizes there cannot lie: the data follows them byte for byte); it stops at the
  // first refusal, so that a flood of entries costs no more than the entries up to the cap.
  const budget = new Budget(limits)
  const refusals = new AbortController()
  const lister = new tar.Parser({
    onReadEntry: (entry) => {
      try {
        const path = safePath(entry.path)
        if (entry.type === 'Directory') budget.folder(path)
        else if (entry.type === 'File' || entry.type === 'OldFile')
          budget.file(entry.path, path, entry.size ?? 0)
        else {
          throw new UnreadableSubmission(
            `the archive entry "${entry.path}" is a ${entry.type}: links are not allowed`,
          )
        }
      } catch (error) {
        refusals.abort(error)
      }
      entry.resume()
    },
  })
  await feedTar(archive, lister, 'end', AbortSignal.any([signal, refusals.signal]))
  const unpacker = new tar.Unpack({ cwd: target, strict: true, preservePaths: false, chmod: false })
  await feedTar(archive, unpacker, 'close', signal)
}

function openZip(archive: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(
      archive,
      { lazyEntries: true, validateEntrySizes: true, strictFileNames: false },
      (error, zip) => (error ? reject(error) : resolve(zip)),
    ),
  )
}

async function extractZip(
  archive: string,
  target: string,
  limits: ExtractLimits,
  signal: AbortSignal,
): Promise<void> {
  const zip = await openZip(archive)
  const budget = new Budget(limits)
  try {
    // The central directory says how many entries there are: more than the cap is refused before any is read.
    if (zip.entryCount > limits.maxFiles) {
      throw new UnreadableSubmission(
        `the archive holds more than ${limits.maxFiles} entries (files and folders): refused`,
      )
    }
    let onAbort = (): void => undefined
    await new Promise<void>((resolve, reject) => {
      onAbort = (): void => reject(signal.reason as Error)
      if (signal.aborted) return onAbort()
      signal.addEventListener('abort', onAbort, { once: true })
      zip.on('error', reject)
      zip.on('end', resolve)
      zip.on('entry', (entry: yauzl.Entry) => {
        void (async () => {
          if (signal.aborted) return
          const relative = safePath(entry.fileName)
          const mode = (entry.externalFileAttributes >>> 16) & 0o170000
          if (mode === 0o120000) {
            throw new UnreadableSubmission(
              `the archive entry "${entry.fileName}" is a symbolic link: links are not allowed`,
            )
          }
          if (entry.fileName.endsWith('/')) {
            budget.folder(relative)
            mkdirSync(join(target, relative), { recursive: true })
          } else {
            budget.file(entry.fileName, relative, entry.uncompressedSize)
            mkdirSync(dirname(join(target, relative)), { recursive: true })
            const stream = await new Promise<NodeJS.ReadableStream>((ok, fail) =>
              zip.openReadStream(entry, (error, s) => (error ? fail(error) : ok(s))),
            )
            await pipeline(stream, createWriteStream(join(target, relative), { flags: 'wx' }), { signal })
          }
          if (!signal.aborted) zip.readEntry()
        })().catch(reject)
      })
      zip.readEntry()
    }).finally(() => signal.removeEventListener('abort', onAbort))
  } finally {
    zip.close()
  }
}

/**
 * The folder to grade: lone top folders are unwrapped (students often zip the folder, not its contents), down to the
 * one that holds exercise folders or an exercises/ folder.
 */
function unwrap(dir: string): string {
  const entries = readdirSync(dir).filter((name) => !name.startsWith('.') && name !== '__MACOSX')
  if (entries.some((name) => name === 'exercises' || (exerciseIds as readonly string[]).includes(name)))
    return dir
  const only = entries[0]
  return entries.length === 1 && only && lstatSync(join(dir, only)).isDirectory()
    ? unwrap(join(dir, only))
    : dir
}

/**
 * Unpacks a student's .zip or .tar.gz into `target` (which must be empty): no path may leave it, no links, caps on
 * file count and size. Returns the folder to grade. Any refusal or corruption is an UnreadableSubmission.
 */
export async function extractSubmission(
  archive: string,
  target: string,
  limits = defaultLimits,
): Promise<string> {
  mkdirSync(target, { recursive: true })
  const deadline = new AbortController()
  const timer = setTimeout(() => deadline.abort(timedOut(limits)), limits.timeoutMs)
  try {
    if (/\.zip$/i.test(archive)) await extractZip(archive, target, limits, deadline.signal)
    else await extractTarGz(archive, target, limits, deadline.signal)
  } catch (error) {
    if (error instanceof UnreadableSubmission) throw error
    throw new UnreadableSubmission(`the archive cannot be read: ${(error as Error).message}`, {
      cause: error,
    })
  } finally {
    clearTimeout(timer)
  }
  return unwrap(target)
}
