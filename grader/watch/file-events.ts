// Changed files under a folder, as relative paths: the system's file events where they are delivered, or a poll of
// the files' sizes and dates where they are not (WSL on a Windows drive, some network folders) or when asked.
import { watch, type FSWatcher } from 'node:fs'
import { lstatSync, readdirSync } from 'node:fs'
import { release } from 'node:os'
import { join, relative } from 'node:path'

export interface FileEvents {
  /** How changes are noticed, for the terminal. */
  readonly how: string
  close(): void
}

/** Folders a submission has that are never its sources. */
const skipped = new Set(['node_modules', '.git', 'dist', 'reports'])
/** A poll stops walking a tree this big: a submission is a few dozen files. */
const maxPolledEntries = 5000

/** Whether file events are unlikely to arrive for `dir`: WSL's mounts of Windows drives deliver none. */
export function needsPolling(
  dir: string,
  platform: NodeJS.Platform = process.platform,
  kernel = release(),
): boolean {
  return platform === 'linux' && /microsoft/i.test(kernel) && /^\/mnt\/[a-z]\//i.test(dir)
}

function snapshot(dir: string): Map<string, string> {
  const seen = new Map<string, string>()
  const walk = (at: string): void => {
    let names: string[]
    try {
      names = readdirSync(at)
    } catch {
      return
    }
    for (const name of names) {
      if (seen.size >= maxPolledEntries) return
      if (skipped.has(name) || name.startsWith('.')) continue
      const path = join(at, name)
      try {
        const stat = lstatSync(path)
        if (stat.isDirectory()) walk(path)
        else seen.set(relative(dir, path), `${stat.size}:${stat.mtimeMs}`)
      } catch {
        // gone between listing and reading
      }
    }
  }
  walk(dir)
  return seen
}

/** Calls `onChange` with each changed path (relative to `dir`) until closed. */
export function watchFiles(
  dir: string,
  onChange: (path: string) => void,
  options: { poll?: boolean; intervalMs?: number } = {},
): FileEvents {
  const relevant = (path: string): boolean =>
    !path.split(/[\\/]/).some((segment) => skipped.has(segment) || segment.startsWith('.'))
  if (!options.poll && !needsPolling(dir)) {
    let watcher: FSWatcher | undefined
    try {
      watcher = watch(dir, { recursive: true }, (_event, name) => {
        if (name && relevant(name.toString())) onChange(name.toString())
      })
      watcher.on('error', () => undefined)
    } catch {
      // no recursive file events here: poll instead
    }
    if (watcher) return { how: 'file events', close: () => watcher.close() }
  }
  const intervalMs = options.intervalMs ?? 700
  let last = snapshot(dir)
  const timer = setInterval(() => {
    const now = snapshot(dir)
    for (const [path, stamp] of now) if (last.get(path) !== stamp) onChange(path)
    for (const path of last.keys()) if (!now.has(path)) onChange(path)
    last = now
  }, intervalMs)
  return { how: `polling every ${intervalMs} ms`, close: () => clearInterval(timer) }
}
