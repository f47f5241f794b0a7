// The grader's side of a built tree: the bytes each file must hold, and how a folder differs from them.
import { readdirSync, readFileSync } from 'node:fs'
import { join, normalize } from 'node:path'
import type { TreeEntry } from './tree.js'

export function bytesOf(entry: Exclude<TreeEntry, { kind: 'dir' }>): Buffer {
  switch (entry.kind) {
    case 'text':
      return Buffer.from(entry.text)
    case 'bytes':
      return Buffer.from(entry.bytes)
    case 'copy':
      return readFileSync(entry.from)
    case 'head':
      return readFileSync(entry.from).subarray(0, entry.bytes)
  }
}

/** Every file below dir, relative, with '/' separators. */
export function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) =>
      join(entry.parentPath, entry.name)
        .slice(dir.length + 1)
        .replaceAll('\\', '/'),
    )
    .sort()
}

export interface TreeChanges {
  added: string[]
  removed: string[]
  changed: string[]
}

/** How the folder at dir differs from what its entries put there. */
export function treeChanges(dir: string, entries: TreeEntry[]): TreeChanges {
  const files = new Map(
    entries.flatMap((e) => (e.kind === 'dir' ? [] : [[normalize(e.path).replaceAll('\\', '/'), e] as const])),
  )
  const present = listFiles(dir)
  return {
    added: present.filter((path) => !files.has(path)),
    removed: [...files.keys()].filter((path) => !present.includes(path)).sort(),
    changed: present.filter((path) => {
      const entry = files.get(path)
      return entry !== undefined && !readFileSync(join(dir, path)).equals(bytesOf(entry))
    }),
  }
}
