// Helpers shared by the tests.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
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
