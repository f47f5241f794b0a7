// Helpers shared by the tests.
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { gzipSync } from 'node:zlib'
import * as tar from 'tar'
import { chromium, type Browser } from 'playwright-core'
import { probeBubblewrap, resolveSandbox } from '../grader/run/sandbox.js'
import type { GradeOptions } from '../grader/types.js'

/** Whether bubblewrap can run here (its tests are skipped where it cannot). */
export const bubblewrapWorks = probeBubblewrap() === undefined

/**
 * Whether sandboxed children are an unprivileged user on the host: always for a grader that is not root; for a root
 * grader, unless nobody cannot read the project (a clone under /root, say), which its reports then say.
 */
export const childIsUnprivileged =
  bubblewrapWorks && resolveSandbox('auto').report.guarantees.some((line) => line.includes('(nobody)'))

/** sha256 over every file's path and content below a folder: proof that nothing in it changed. */
export function hashTree(dir: string): string {
  const hash = createHash('sha256')
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    hash.update(path).update(readFileSync(path))
  }
  return hash.digest('hex')
}

/** Debian's Chromium, headless, with the flags this machine's closed network needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** The options of `npm run grade -- --submission DIR --only sum --no-bench --quick` (what the in-process tests grade). */
export function sumOnlyOptions(submissionDir: string): GradeOptions {
  return {
    exercises: ['sum'],
    size: 'tiny',
    quick: true,
    bench: false,
    seed: 1,
    dataSeed: 1,
    sandbox: 'auto',
    outDir: 'unused',
    submissionDir,
    demo: false,
    data: {},
  }
}

/** Runs `body` with the working folder set to `dir`, as the child's scratch folder is its working folder. */
export async function inFolder<T>(dir: string, body: () => Promise<T> | T): Promise<T> {
  const before = process.cwd()
  process.chdir(dir)
  try {
    return await body()
  } finally {
    process.chdir(before)
  }
}

/** A .tar.gz of `count` empty directories, written header by header (about 2 MB gzipped for 300,000). */
export function tarOfDirectories(count: number, path: string): string {
  // One ustar header as a template (checksum field blank); each copy gets its name and its checksum.
  const template = Buffer.alloc(512)
  new tar.Header({ path: 'd/', type: 'Directory', mode: 0o755, size: 0, mtime: new Date(0) }).encode(template)
  template.fill(0, 0, 100)
  template.fill(' ', 148, 156)
  const base = template.reduce((sum, byte) => sum + byte, 0)
  const all = Buffer.alloc(512 * count + 1024)
  for (let i = 0; i < count; i++) {
    const block = all.subarray(512 * i, 512 * (i + 1))
    template.copy(block)
    const name = Buffer.from(`d/${i}/`)
    name.copy(block)
    const sum = base + name.reduce((total, byte) => total + byte, 0)
    block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1')
  }
  writeFileSync(path, gzipSync(all, { level: 1 }))
  return path
}

/** A submission folder in a new temporary folder, with these files (paths relative to it, e.g. "sum/sequential.ts"). */
export function submissionWith(files: Record<string, string>, prefix = 'parlab-submission-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  return dir
}
