// The child's whole process tree (inside bubblewrap the child sits in a session of its own), from the platform's
// process listing: /proc on Linux, ps or CIM elsewhere (grader/platform).
import { latestScan, listingSource, scanNow } from '../platform/process-source.js'
import { processTree as treeOf, type ProcessScan } from '../platform/process-table.js'

export type { ProcessScan }
export { latestScan }

const empty: ProcessScan = {
  alive: new Set(),
  children: new Map(),
  residentKb: () => 0,
  cpuMs: () => 0,
  takenAt: 0,
}

/** A listing taken now (empty where this machine gives none). */
export function scanProcesses(): ProcessScan {
  return scanNow() ?? empty
}

/** The root and all its descendants that are alive now (or at the time of `scan`). */
export function processTree(rootPid: number, scan: ProcessScan = scanProcesses()): number[] {
  return treeOf(rootPid, scan)
}

/** User + system CPU time of the tree, in milliseconds (all threads included); NaN where it cannot be measured. */
export function treeCpuMs(rootPid: number): number {
  const source = listingSource()
  if (source.kind === 'ps' && source.wholeSeconds) return Number.NaN
  const scan = scanNow()
  if (!scan) return Number.NaN
  return treeOf(rootPid, scan).reduce((sum, pid) => sum + scan.cpuMs(pid), 0)
}

/** Resident memory of the tree, in MiB (Buffers, native memory and worker threads included); 0 where not listed. */
export function treeResidentMb(rootPid: number, scan: ProcessScan = scanProcesses()): number {
  return treeOf(rootPid, scan).reduce((sum, pid) => sum + scan.residentKb(pid), 0) / 1024
}

/** Signals every process of the tree, and its process group (catches processes that left the tree). */
export function signalTree(rootPid: number, signal: NodeJS.Signals): void {
  const scan = scanNow()
  const tree = scan ? treeOf(rootPid, scan) : []
  // Without a listing taken now (none here, or Windows' sampler's, which may predate the child), the root is
  // signalled by its pid. A fresh listing without it means it is gone, and its pid may be someone else's by now.
  const fresh = ['proc', 'ps'].includes(listingSource().kind)
  if (!fresh && !tree.includes(rootPid)) tree.unshift(rootPid)
  for (const pid of tree.reverse()) {
    try {
      process.kill(pid, signal)
    } catch {
      // already gone
    }
  }
  if (process.platform === 'win32') return
  try {
    process.kill(-rootPid, signal)
  } catch {
    // no such group
  }
}
