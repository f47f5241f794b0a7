import { readdirSync, readFileSync } from 'node:fs'

// The child's whole process tree, read from /proc (inside bubblewrap the child sits in a session of its own).
const clockTicksPerSecond = 100

interface ProcStat {
  pid: number
  ppid: number
  cpuTicks: number
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name is in parentheses and may contain spaces: parse after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
    return { pid, ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]) }
  } catch {
    return undefined
  }
}

function allStats(): ProcStat[] {
  const stats: ProcStat[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    const stat = readStat(Number(name))
    if (stat) stats.push(stat)
  }
  return stats
}

/** Who is whose child, from one pass over /proc: a watchdog tick reads it once for every child it watches. */
export interface ProcessScan {
  alive: Set<number>
  children: Map<number, number[]>
}

export function scanProcesses(): ProcessScan {
  const alive = new Set<number>()
  const children = new Map<number, number[]>()
  for (const { pid, ppid } of allStats()) {
    alive.add(pid)
    const siblings = children.get(ppid)
    if (siblings) siblings.push(pid)
    else children.set(ppid, [pid])
  }
  return { alive, children }
}

/** The root and all its descendants that are alive now (or at the time of `scan`). */
export function processTree(rootPid: number, scan: ProcessScan = scanProcesses()): number[] {
  const tree: number[] = []
  const queue = scan.alive.has(rootPid) ? [rootPid] : []
  while (queue.length > 0) {
    const pid = queue.shift()!
    tree.push(pid)
    queue.push(...(scan.children.get(pid) ?? []))
  }
  return tree
}

/** User + system CPU time of the tree, in milliseconds (all threads included). */
export function treeCpuMs(rootPid: number): number {
  let ticks = 0
  for (const pid of processTree(rootPid)) ticks += readStat(pid)?.cpuTicks ?? 0
  return (ticks * 1000) / clockTicksPerSecond
}

/** Resident memory of the tree, in MiB (Buffers, native memory and worker threads included). */
export function treeResidentMb(rootPid: number, scan?: ProcessScan): number {
  let kb = 0
  for (const pid of processTree(rootPid, scan)) {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
      kb += Number(match?.[1] ?? 0)
    } catch {
      // the process ended between listing and reading
    }
  }
  return kb / 1024
}

/** Signals every process of the tree, and its process group (catches processes that left the tree). */
export function signalTree(rootPid: number, signal: NodeJS.Signals): void {
  for (const pid of processTree(rootPid).reverse()) {
    try {
      process.kill(pid, signal)
    } catch {
      // already gone
    }
  }
  try {
    process.kill(-rootPid, signal)
  } catch {
    // no such group
  }
}
