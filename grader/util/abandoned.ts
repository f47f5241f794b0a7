import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'

/** Whether a process with this pid is running (EPERM: it is, but not ours to signal). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Removes the folders of `parent` named `<prefix><pid>` or `<prefix><pid>-…` whose process is gone: what a run
 * interrupted with Ctrl-C, or killed, left behind. A live process's folders are left alone.
 */
export function removeAbandoned(parent: string, prefix: string): void {
  if (!existsSync(parent)) return
  for (const name of readdirSync(parent)) {
    if (!name.startsWith(prefix)) continue
    const pid = /^(\d+)(?:-|$)/.exec(name.slice(prefix.length))?.[1]
    if (pid && Number(pid) > 0 && !isAlive(Number(pid)))
      rmSync(join(parent, name), { recursive: true, force: true })
  }
}

/**
 * A new temporary folder `<prefix><pid>-XXXXXX` in `parent`, named after this process so that the next run can tell
 * it was left behind; the folders a killed run left there are removed first.
 */
export function ownedTempDir(parent: string, prefix: string): string {
  removeAbandoned(parent, prefix)
  return mkdtempSync(join(parent, `${prefix}${process.pid}-`))
}
