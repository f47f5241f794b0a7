// One listing of the machine's processes (pid, parent, resident memory, CPU time) and the trees read from it, with
// the parsers of each source: /proc on Linux, `ps` on macOS (and on a Linux without /proc), CIM on Windows.

/** One process as a listing shows it. */
export interface ProcessRow {
  pid: number
  ppid: number
  /** Resident memory in KiB (the working set on Windows). */
  residentKb: number
  /** User + system CPU time in ms, all threads included. */
  cpuMs: number
}

/** Who is whose child at one moment, and what each process holds: a watchdog tick reads it once for every child. */
export interface ProcessScan {
  alive: Set<number>
  children: Map<number, number[]>
  residentKb(pid: number): number
  cpuMs(pid: number): number
  /** performance.now() when the listing was taken. */
  takenAt: number
}

/** A scan from rows whose figures are all in the listing (ps, CIM). */
export function scanOfRows(rows: ProcessRow[], takenAt = performance.now()): ProcessScan {
  const byPid = new Map(rows.map((row) => [row.pid, row]))
  return {
    ...family(rows),
    residentKb: (pid) => byPid.get(pid)?.residentKb ?? 0,
    cpuMs: (pid) => byPid.get(pid)?.cpuMs ?? 0,
    takenAt,
  }
}

export function family(rows: { pid: number; ppid: number }[]): Pick<ProcessScan, 'alive' | 'children'> {
  const alive = new Set<number>()
  const children = new Map<number, number[]>()
  for (const { pid, ppid } of rows) {
    alive.add(pid)
    // Windows' idle process (pid 0) is its own parent.
    if (pid === ppid) continue
    const siblings = children.get(ppid)
    if (siblings) siblings.push(pid)
    else children.set(ppid, [pid])
  }
  return { alive, children }
}

/** The root and all its descendants that are alive in the scan. */
export function processTree(rootPid: number, scan: ProcessScan): number[] {
  const tree: number[] = []
  const queue = scan.alive.has(rootPid) ? [rootPid] : []
  const seen = new Set(queue)
  while (queue.length > 0) {
    const pid = queue.shift()!
    tree.push(pid)
    for (const child of scan.children.get(pid) ?? []) {
      // Windows reuses pids, so a listing can hold a cycle of stale parents.
      if (seen.has(child)) continue
      seen.add(child)
      queue.push(child)
    }
  }
  return tree
}

// /proc/<pid>/stat: the command name is in parentheses and may contain spaces and parentheses, so fields are
// counted after the last ')'. Field 4 is the parent, 14 and 15 the user and system time in clock ticks.
const clockTicksPerSecond = 100

export function parseProcStat(pid: number, text: string): { pid: number; ppid: number; cpuMs: number } {
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
  return {
    pid,
    ppid: Number(fields[1]),
    cpuMs: ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicksPerSecond,
  }
}

/** VmRSS of /proc/<pid>/status, in KiB. */
export function parseProcStatusRss(text: string): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(text)?.[1] ?? 0)
}

/**
 * CPU time as `ps` prints it, in ms: BSD and macOS `M:SS.cc` (minutes may exceed 59), procps `[DD-]HH:MM:SS`
 * (whole seconds), and either with or without days or hours.
 */
export function parsePsTime(text: string): number {
  const match = /^(?:(\d+)-)?((?:\d+:){0,2}\d+(?:\.\d+)?)$/.exec(text.trim())
  if (!match) return Number.NaN
  const [seconds = 0, minutes = 0, hours = 0] = match[2]!.split(':').map(Number).reverse()
  return Math.round((Number(match[1] ?? 0) * 86_400 + hours * 3600 + minutes * 60 + seconds) * 1000)
}

/** The arguments of the listing: the same on macOS and with procps (rss in KiB, time user + system). */
export const psArgs = ['-A', '-o', 'pid=,ppid=,rss=,time=']

/** `ps -A -o pid=,ppid=,rss=,time=` output: one process a line; lines that are not four such fields are skipped. */
export function parsePsTable(text: string): ProcessRow[] {
  const rows: ProcessRow[] = []
  for (const line of text.split('\n')) {
    const [pid, ppid, rss, time, ...rest] = line.trim().split(/\s+/)
    if (rest.length > 0 || !time || !/^\d+$/.test(pid!) || !/^\d+$/.test(ppid!) || !/^\d+$/.test(rss!))
      continue
    const cpuMs = parsePsTime(time)
    if (Number.isNaN(cpuMs)) continue
    rows.push({ pid: Number(pid), ppid: Number(ppid), residentKb: Number(rss), cpuMs })
  }
  return rows
}

/** Whether a ps listing gives CPU time in whole seconds only (procps), too coarse for a benchmark's samples. */
export function psWholeSeconds(text: string): boolean {
  const times = text
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[3])
    .filter((time) => time !== undefined)
  return times.length > 0 && !times.some((time) => time.includes('.'))
}

/**
 * One listing from Windows' CIM (Win32_Process), printed by cimScript as `ProcessId ParentProcessId
 * WorkingSetSize UserModeTime+KernelModeTime`: bytes and 100 ns units.
 */
export function parseCimTable(text: string): ProcessRow[] {
  const rows: ProcessRow[] = []
  for (const line of text.split(/\r?\n/)) {
    const fields = line.trim().split(/\s+/)
    if (fields.length !== 4 || !fields.every((field) => /^\d+$/.test(field))) continue
    const [pid, ppid, bytes, hundredNs] = fields.map(Number) as [number, number, number, number]
    rows.push({ pid, ppid, residentKb: bytes / 1024, cpuMs: hundredNs / 10_000 })
  }
  return rows
}

/** The PowerShell that prints one CIM listing in parseCimTable's format. */
export const cimScript =
  "Get-CimInstance Win32_Process | ForEach-Object { '{0} {1} {2} {3}' -f $_.ProcessId, $_.ParentProcessId, $_.WorkingSetSize, ($_.UserModeTime + $_.KernelModeTime) }"
