// The inputs of the checks: committed fixtures (sent to the child as bytes), files made here from the run's seed
// (written once to the shared inputs folder) and files of the tiny data set (both read by path). The grader reads
// the very same bytes for expected values.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { sharedInputFile } from '../../run/shared-inputs.js'
import type { ArgSpec } from '../../types.js'
import type { CheckFilesParams } from './inputs.js'
import type { LogFile } from './oracle.js'

export const fixturesDir = fileURLToPath(new URL('../../../datasets/fixtures/access-logs/', import.meta.url))

export type InputFile =
  | { kind: 'fixture'; name: string }
  /** Made by the grader (deterministic from the seed): name and bytes. */
  | { kind: 'made'; name: string; bytes: Uint8Array }
  /** A file of the tiny data set, relative to it. */
  | { kind: 'data'; path: string }

const fixtureCache = new Map<string, Buffer>()
const dataCache = new Map<string, Buffer>()

export function fixtureBytes(name: string): Buffer {
  let bytes = fixtureCache.get(name)
  if (!bytes) fixtureCache.set(name, (bytes = readFileSync(join(fixturesDir, name))))
  return bytes
}

export const fixtureNames = (): string[] =>
  readdirSync(fixturesDir).filter((name) => name.endsWith('.log') || name.endsWith('.gz'))

function dataBytes(path: string): Buffer {
  let bytes = dataCache.get(path)
  if (!bytes) {
    bytes = readFileSync(path)
    // The tiny set is a few megabytes; keep it for the run, not more.
    if (bytes.length < 64 * 1024 * 1024) dataCache.set(path, bytes)
  }
  return bytes
}

/** The files as the grader reads them (names keep their .gz). */
export function logFiles(files: InputFile[], dataDir: string | undefined): LogFile[] {
  return files.map((file) => {
    if (file.kind === 'fixture') return { name: file.name, bytes: fixtureBytes(file.name) }
    if (file.kind === 'made') return { name: file.name, bytes: file.bytes }
    return { name: file.path, bytes: dataBytes(dataPath(file.path, dataDir)) }
  })
}

function dataPath(path: string, dataDir: string | undefined): string {
  if (!dataDir) throw new Error('access-logs: this check needs the tiny data set, and none was prepared')
  return join(dataDir, path)
}

/** The argument that makes the child write the files (or pass data paths through) and hand over their paths. */
export function filesArg(dir: string, files: InputFile[], dataDir: string | undefined): ArgSpec {
  const params: CheckFilesParams = {
    dir,
    files: files.map((file) => {
      if (file.kind === 'data') return { path: dataPath(file.path, dataDir) }
      if (file.kind === 'made') return { path: sharedInputFile(file.name, file.bytes) }
      return { name: file.name, base64: fixtureBytes(file.name).toString('base64') }
    }),
  }
  return { kind: 'input', name: 'access-logs.files', params }
}

let longLine: InputFile | undefined

/** A line longer than any sensible read buffer (1.2 MB), between ordinary ones. */
export function longLineFile(): InputFile {
  const line = (path: string, i: number): string =>
    `5.118.0.${i} - - [22/Jan/2019:10:00:0${i} +0330] "GET ${path} HTTP/1.1" 200 1 "-" "Mozilla/5.0" "-"\n`
  longLine ??= {
    kind: 'made',
    name: 'long-line.log',
    bytes: Buffer.from(line('/before', 1) + line(`/${'x'.repeat(1_200_000)}`, 2) + line('/after', 3)),
  }
  return longLine
}

/** `count` random lines of the tiny set in a random order, split into a plain file with CRLF endings and a .gz. */
// The same lines for every call of a run (arguments, expected value and judge of each strategy of each student).
const randomLinesCache = new Map<string, InputFile[]>()

export function randomLinesFiles(seed: number, dataDir: string | undefined, count: number): InputFile[] {
  const key = JSON.stringify([seed, dataDir ?? null, count])
  let files = randomLinesCache.get(key)
  if (!files) {
    files = pickRandomLines(seed, dataDir, count)
    randomLinesCache.set(key, files)
  }
  return files
}

function pickRandomLines(seed: number, dataDir: string | undefined, count: number): InputFile[] {
  const bytes = dataBytes(dataPath('access.log', dataDir))
  const starts = [0]
  for (let at = bytes.indexOf(0x0a); at >= 0 && at + 1 < bytes.length; at = bytes.indexOf(0x0a, at + 1))
    starts.push(at + 1)
  let state = seed >>> 0 || 1
  const random = (): number => {
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    return (state >>> 0) / 4294967296
  }
  const lineAt = (i: number): Buffer =>
    bytes.subarray(starts[i], i + 1 < starts.length ? starts[i + 1]! - 1 : bytes.length)
  const picked = Array.from({ length: count }, () => lineAt(Math.floor(random() * starts.length)))
  const half = Math.floor(count / 2)
  const crlf = Buffer.concat(picked.slice(0, half).flatMap((line) => [line, Buffer.from('\r\n')]))
  const gz = gzipSync(Buffer.concat(picked.slice(half).flatMap((line) => [line, Buffer.from('\n')])))
  return [
    { kind: 'made', name: 'sample.log', bytes: crlf },
    { kind: 'made', name: 'sample.log.1.gz', bytes: gz },
  ]
}

/** The rotated folder of the tiny set, oldest first (as a student would list it to read the log in order). */
export const rotatedFiles: InputFile[] = [
  'access.log.4.gz',
  'access.log.3.gz',
  'access.log.2.gz',
  'access.log.1',
  'access.log',
].map((name) => ({ kind: 'data', path: `rotated/${name}` }))
