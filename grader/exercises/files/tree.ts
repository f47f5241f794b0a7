// A folder of files described in a few bytes and built inside the child's scratch folder (its working folder),
// so that student code may write there (a mistake the checks then see) and no big input crosses IPC.
// Runs in the sandboxed child: Node's own modules only.
import { copyFileSync, mkdirSync, openSync, readSync, closeSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, isAbsolute, join, normalize, resolve } from 'node:path'

export type TreeEntry =
  | { path: string; kind: 'dir' }
  | { path: string; kind: 'text'; text: string }
  | { path: string; kind: 'bytes'; bytes: Uint8Array }
  /** A copy of a file the child may read (the data set). */
  | { path: string; kind: 'copy'; from: string }
  /** The first `bytes` bytes of such a file: a truncated image. */
  | { path: string; kind: 'head'; from: string; bytes: number }

export interface TreeSpec {
  /** A folder relative to the scratch folder, emptied and rebuilt on every call. */
  root: string
  entries: TreeEntry[]
}

function inside(root: string, path: string): string {
  const normal = normalize(path)
  if (isAbsolute(normal) || normal.startsWith('..')) throw new Error(`tree entry "${path}" leaves its root`)
  return join(root, normal)
}

function headOf(from: string, bytes: number): Buffer {
  const buffer = Buffer.alloc(bytes)
  const fd = openSync(from, 'r')
  try {
    return buffer.subarray(0, readSync(fd, buffer, 0, bytes, 0))
  } finally {
    closeSync(fd)
  }
}

/** Builds the tree under `base` (the child's working folder by default) and returns its absolute root. */
export function buildTree(spec: TreeSpec, base = process.cwd()): string {
  const root = inside(resolve(base), spec.root)
  rmSync(root, { recursive: true, force: true })
  mkdirSync(root, { recursive: true })
  for (const entry of spec.entries) {
    const target = inside(root, entry.path)
    if (entry.kind === 'dir') {
      mkdirSync(target, { recursive: true })
      continue
    }
    mkdirSync(dirname(target), { recursive: true })
    if (entry.kind === 'text') writeFileSync(target, entry.text)
    else if (entry.kind === 'bytes') writeFileSync(target, entry.bytes)
    else if (entry.kind === 'copy') copyFileSync(entry.from, target)
    else writeFileSync(target, headOf(entry.from, entry.bytes))
  }
  return root
}
