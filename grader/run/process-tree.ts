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
  // Too coarse (procps counts whole seconds), or too late (Windows' sampler): no figure rather than a wrong one.
  if ((source.kind === 'ps' && source.wholeSeconds) || source.kind === 'cim') return Number.NaN
  const scan = scanNow()
  if (!scan) return Number.NaN
  return treeOf(rootPid, scan).reduce((sum, pid) => sum + scan.cpuMs(pid), 0)
}

/** Resident memory of the tree, in MiB (Buffers, native memory and worker threads included); 0 where not listed. */
export function treeResidentMb(rootPid: number, scan: ProcessScan = scanProcesses()): number {
  return treeOf(rootPid, scan).reduce((sum, pid) => sum + scan.residentKb(pid), 0) / 1024
}

/**
 * Signals every process of the tree, and its process group (catches processes that left the tree). Where a listing
 * costs a process start, the sampler's newest is used: pausing and resuming sides between samples must not wait for
 * ps, and the group holds what a late listing misses (students start no processes).
 */
export function signalTree(rootPid: number, signal: NodeJS.Signals): void {
  const fresh = listingSource().kind === 'proc'
  const scan = fresh ? scanNow() : latestScan()
  const tree = scan ? treeOf(rootPid, scan) : []
  // A listing that is not fresh (or none) may predate the root: it is signalled by its pid. Callers never signal a
  // process that has exited, whose pid may be someone else's by now; a fresh listing without it says it is gone.
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
