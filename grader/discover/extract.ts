import { createWriteStream, mkdirSync, readdirSync, statSync } from 'node:fs'
import { dirname, isAbsolute, join, normalize, sep } from 'node:path'
import { pipeline } from 'node:stream/promises'
import * as tar from 'tar'
import yauzl from 'yauzl'
import { exerciseIds } from '../types.js'

/** Caps on what one student's archive may unpack to (a zip bomb is refused, not unpacked). */
export interface ExtractLimits {
  maxFiles: number
  maxBytes: number
}

export const defaultLimits: ExtractLimits = { maxFiles: 2_000, maxBytes: 64 * 1024 * 1024 }

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

class Budget {
  files = 0
  bytes = 0
  readonly limits: ExtractLimits
  constructor(limits: ExtractLimits) {
    this.limits = limits
  }
  take(name: string, bytes: number): void {
    this.files++
    this.bytes += bytes
    if (this.files > this.limits.maxFiles) {
      throw new UnreadableSubmission(`the archive holds more than ${this.limits.maxFiles} files`)
    }
    if (this.bytes > this.limits.maxBytes) {
      throw new UnreadableSubmission(
        `the archive unpacks to more than ${Math.round(this.limits.maxBytes / 2 ** 20)} MB (at "${name}"): refused`,
      )
    }
  }
}

async function extractTarGz(archive: string, target: string, limits: ExtractLimits): Promise<void> {
  // First pass reads only headers (sizes there cannot lie: the data follows them byte for byte).
  const budget = new Budget(limits)
  let refusal: Error | undefined
  await tar.list({
    file: archive,
    onReadEntry: (entry) => {
      try {
        safePath(entry.path)
        if (entry.type !== 'File' && entry.type !== 'Directory' && entry.type !== 'OldFile') {
          throw new UnreadableSubmission(
            `the archive entry "${entry.path}" is a ${entry.type}: links are not allowed`,
          )
        }
        if (entry.type !== 'Directory') budget.take(entry.path, entry.size ?? 0)
      } catch (error) {
        refusal ??= error as Error
      }
      entry.resume()
    },
  })
  if (refusal) throw refusal
  await tar.extract({ file: archive, cwd: target, strict: true, preservePaths: false, noChmod: true })
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

async function extractZip(archive: string, target: string, limits: ExtractLimits): Promise<void> {
  const zip = await openZip(archive)
  const budget = new Budget(limits)
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject)
      zip.on('end', resolve)
      zip.on('entry', (entry: yauzl.Entry) => {
        void (async () => {
          const relative = safePath(entry.fileName)
          const mode = (entry.externalFileAttributes >>> 16) & 0o170000
          if (mode === 0o120000) {
            throw new UnreadableSubmission(
              `the archive entry "${entry.fileName}" is a symbolic link: links are not allowed`,
            )
          }
          if (entry.fileName.endsWith('/')) {
            mkdirSync(join(target, relative), { recursive: true })
          } else {
            budget.take(entry.fileName, entry.uncompressedSize)
            mkdirSync(dirname(join(target, relative)), { recursive: true })
            const stream = await new Promise<NodeJS.ReadableStream>((ok, fail) =>
              zip.openReadStream(entry, (error, s) => (error ? fail(error) : ok(s))),
            )
            await pipeline(stream, createWriteStream(join(target, relative), { flags: 'wx' }))
          }
          zip.readEntry()
        })().catch(reject)
      })
      zip.readEntry()
    })
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
  return entries.length === 1 && only && statSync(join(dir, only)).isDirectory()
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
  try {
    if (/\.zip$/i.test(archive)) await extractZip(archive, target, limits)
    else await extractTarGz(archive, target, limits)
  } catch (error) {
    if (error instanceof UnreadableSubmission) throw error
    throw new UnreadableSubmission(`the archive cannot be read: ${(error as Error).message}`, {
      cause: error,
    })
  }
  return unwrap(target)
}
