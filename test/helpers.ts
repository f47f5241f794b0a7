// Helpers shared by the tests.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  accessSync,
  constants,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join } from 'node:path'
import { gzipSync } from 'node:zlib'
import * as tar from 'tar'
import { chromium, type Browser } from 'playwright-core'
import { probeBubblewrap, resolveSandbox } from '../grader/run/sandbox.js'
import type { GradeOptions } from '../grader/types.js'

/** Why bubblewrap cannot run here (its tests are skipped where it cannot, and fail in CI), or undefined. */
export const noBubblewrap = probeBubblewrap()

/** Whether bubblewrap can run here. */
export const bubblewrapWorks = noBubblewrap === undefined

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

/** An executable of this name on PATH, or undefined. */
function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const path = join(dir || '.', name)
    try {
      accessSync(path, constants.X_OK)
      return path
    } catch {
      // not here
    }
  }
  return undefined
}

/** Debian's Chromium (`chromium` on PATH, as `apt-get install chromium` puts it), or undefined where there is none. */
export const chromiumPath = onPath('chromium') ?? onPath('chromium-browser')

/** Why the tests that need Chromium cannot run here, or undefined. */
export const noChromium = chromiumPath
  ? undefined
  : 'needs Chromium: no chromium on PATH (apt-get install chromium; .ci/run installs it)'

/**
 * A python3 that can import `module` (the first of python3 on PATH and Debian's /usr/bin/python3: apt's python3-pil
 * goes to the latter), or why there is none.
 */
export function pythonWith(module = 'sys'): { python: string } | { missing: string } {
  for (const python of new Set([onPath('python3'), '/usr/bin/python3'])) {
    if (python && spawnSync(python, ['-c', `import ${module}`]).status === 0) return { python }
  }
  const debian = module === 'PIL' ? 'python3-pil' : 'python3'
  return {
    missing: `needs python3 with ${module}: none here (apt-get install ${debian}; .ci/run installs it)`,
  }
}

/**
 * Skips the running test, or every test of the suite whose hook is running, with the reason in its title (mocha
 * has no skip reason of its own). With CI set, .mocharc.cjs turns any skip into a failure.
 */
export function skipBecause(context: Mocha.Context, reason: string): never {
  const runnable = context.test // the hook while a hook runs (its currentTest is then only the suite's first test)
  const hook = (runnable as { type?: string } | undefined)?.type === 'hook'
  const tests = hook ? (runnable?.parent?.tests ?? []) : runnable ? [runnable] : []
  for (const test of tests) test.title += ` (skipped: ${reason})`
  context.skip()
}

/** Debian's Chromium, headless, with the flags this machine's closed network needs. */
export function launchChromium(): Promise<Browser> {
  if (!chromiumPath) throw new Error(noChromium)
  return chromium.launch({
    executablePath: chromiumPath,
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
