// Where the grader's process listings come from: /proc on Linux (read in the grader, synchronously, about a
// millisecond); elsewhere — macOS, or a Linux whose /proc the grader cannot read — the system's `ps`; on Windows
// CIM through PowerShell. Those are processes of their own: a watchdog tick never waits for one. A sampler runs
// them in a loop of its own (one process for the whole run, not one fork of the grader per tick) and the tick
// reads the newest listing it finished.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import type { Socket } from 'node:net'
import {
  cimScript,
  family,
  parseCimTable,
  parseProcStat,
  parseProcStatusRss,
  parsePsTable,
  psArgs,
  psWholeSeconds,
  scanOfRows,
  type ProcessRow,
  type ProcessScan,
} from './process-table.js'

export type ListingSource =
  | { kind: 'proc' }
  /** wholeSeconds: this ps gives CPU time in whole seconds (procps), too coarse to be used. */
  | { kind: 'ps'; wholeSeconds: boolean }
  | { kind: 'cim' }
  /** No listing here: why not. */
  | { kind: 'none'; problem: string }

/** How often the sampler lists processes where that costs a process start (a /proc scan costs about 1 ms). */
export const samplerIntervalMs = 250
/** A sampler nobody asked for a listing for this long stops. */
const samplerIdleMs = 2_000

/** One pass over /proc; resident memory is read only for the processes a tree asks about. */
function procScan(): ProcessScan | undefined {
  const takenAt = performance.now()
  let names: string[]
  try {
    names = readdirSync('/proc')
  } catch {
    return undefined
  }
  const rows: { pid: number; ppid: number; cpuMs: number }[] = []
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue
    try {
      rows.push(parseProcStat(Number(name), readFileSync(`/proc/${name}/stat`, 'utf8')))
    } catch {
      // the process ended between listing and reading
    }
  }
  const cpu = new Map(rows.map((row) => [row.pid, row.cpuMs]))
  return {
    ...family(rows),
    cpuMs: (pid) => cpu.get(pid) ?? 0,
    residentKb: (pid) => {
      try {
        return parseProcStatusRss(readFileSync(`/proc/${pid}/status`, 'utf8'))
      } catch {
        return 0
      }
    },
    takenAt,
  }
}

function powershell(script: string): [string, string[]] {
  return ['powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', script]]
}

/** One listing by a process started for it, waited for (ps: about 25 ms on Linux; PowerShell: about a second). */
function listOnce(kind: 'ps' | 'cim'): { rows: ProcessRow[]; wholeSeconds: boolean } | { problem: string } {
  const [command, args] = kind === 'ps' ? ['ps', psArgs] : powershell(cimScript)
  const run = spawnSync(command, args, {
    encoding: 'utf8',
    timeout: kind === 'ps' ? 10_000 : 60_000,
    windowsHide: true,
  })
  if (run.error) return { problem: `${command} could not run (${run.error.message})` }
  if (run.status !== 0)
    return {
      problem: `${command} failed (${run.stderr.trim().split('\n')[0] || `exit ${run.status ?? run.signal}`})`,
    }
  const rows = kind === 'ps' ? parsePsTable(run.stdout) : parseCimTable(run.stdout)
  if (!rows.some((row) => row.pid === process.pid))
    return { problem: `${command} did not list the grader's own process` }
  return { rows, wholeSeconds: kind === 'ps' && psWholeSeconds(run.stdout) }
}

function procReadable(): boolean {
  try {
    readFileSync(`/proc/${process.pid}/stat`, 'utf8')
    readdirSync('/proc')
    return true
  } catch {
    return false
  }
}

let source: ListingSource | undefined

/** Decided once per process; the fallbacks are tried once, by listing the processes. */
export function listingSource(): ListingSource {
  if (source) return source
  if (process.platform === 'linux' && procReadable()) return (source = { kind: 'proc' })
  const kind = process.platform === 'win32' ? 'cim' : 'ps'
  const tried = listOnce(kind)
  const why = process.platform === 'linux' ? '/proc cannot be read, and ' : ''
  const found: ListingSource =
    'problem' in tried
      ? { kind: 'none', problem: `${why}${tried.problem}` }
      : kind === 'ps'
        ? { kind, wholeSeconds: tried.wholeSeconds }
        : { kind }
  return (source = found)
}

/** Tests only: lists processes from this source from now on (undefined: probe again). */
export function useListingSource(chosen: ListingSource | undefined): void {
  source = chosen
}

/** A listing taken now, or undefined where there is none (on Windows: the sampler's newest). */
export function scanNow(): ProcessScan | undefined {
  const found = listingSource()
  if (found.kind === 'proc') return procScan()
  if (found.kind === 'ps') {
    const listed = listOnce('ps')
    return 'rows' in listed ? scanOfRows(listed.rows) : undefined
  }
  // Starting PowerShell per question is too slow: the sampler's newest listing.
  if (found.kind === 'cim') return sampler(found.kind).want()
  return undefined
}

/**
 * The memory watchdog's listing: /proc read now, or the newest listing the sampler finished (none before its first:
 * the tick then checks nothing). Never waits for a process.
 */
export function latestScan(): ProcessScan | undefined {
  const found = listingSource()
  if (found.kind === 'proc') return procScan()
  if (found.kind === 'none') return undefined
  return sampler(found.kind).want()
}

/** Lists the processes in a loop of its own while someone asks; the newest complete listing is kept. */
class Sampler {
  readonly #command: string
  readonly #args: string[]
  readonly #parse: (text: string) => ProcessRow[]
  #child: ChildProcess | undefined
  #startedAt = -Infinity
  #wantedAt = 0
  #partial = ''
  #rows: string[] = []
  #latest: ProcessScan | undefined

  constructor(command: string, args: string[], parse: (text: string) => ProcessRow[]) {
    this.#command = command
    this.#args = args
    this.#parse = parse
  }

  want(): ProcessScan | undefined {
    this.#wantedAt = performance.now()
    // A loop that died is started again, at most once a second.
    if (!this.#child && this.#wantedAt - this.#startedAt > 1_000) this.#start()
    return this.#latest
  }

  #start(): void {
    this.#startedAt = performance.now()
    this.#partial = ''
    this.#rows = []
    const child = spawn(this.#command, this.#args, { stdio: ['ignore', 'pipe', 'ignore'], windowsHide: true })
    this.#child = child
    child.on('error', () => undefined)
    child.on('exit', () => {
      if (this.#child !== child) return
      // A loop that died (ps failing) leaves no listing behind to be read as current.
      this.#child = undefined
      this.#latest = undefined
    })
    child.stdout.setEncoding('utf8')
    child.stdout.on('error', () => undefined)
    child.stdout.on('data', (chunk: string) => this.#read(child, chunk))
    // The sampler never keeps the grader alive; it ends by itself when the grader is gone.
    child.unref()
    ;(child.stdout as Socket).unref()
  }

  #read(child: ChildProcess, chunk: string): void {
    const lines = (this.#partial + chunk).split(/\r?\n/)
    this.#partial = lines.pop()!
    for (const line of lines) {
      if (line.trim() !== '.') {
        this.#rows.push(line)
        continue
      }
      const rows = this.#parse(this.#rows.join('\n'))
      this.#rows = []
      if (rows.length > 0) this.#latest = scanOfRows(rows)
    }
    if (performance.now() - this.#wantedAt > samplerIdleMs) {
      child.kill()
      if (this.#child === child) this.#child = undefined
      this.#latest = undefined
    }
  }
}

const samplers = new Map<'ps' | 'cim', Sampler>()

function sampler(kind: 'ps' | 'cim'): Sampler {
  let found = samplers.get(kind)
  if (!found) {
    const seconds = String(samplerIntervalMs / 1000)
    found =
      kind === 'ps'
        ? new Sampler(
            'sh',
            [
              '-c',
              `while kill -0 "$1" 2>/dev/null; do ps ${psArgs.join(' ')} || exit 1; echo .; sleep "$2"; done`,
              'sh',
              String(process.pid),
              seconds,
            ],
            parsePsTable,
          )
        : new Sampler(
            ...powershell(
              `while (Get-Process -Id ${process.pid} -ErrorAction SilentlyContinue) { ${cimScript}; '.'; Start-Sleep -Milliseconds ${samplerIntervalMs} }`,
            ),
            parseCimTable,
          )
    samplers.set(kind, found)
  }
  return found
}
