// What this machine lets the grader measure and do, and the lines a run's report and terminal print for what it
// cannot: the grader grades on without it.
import { machineBusyMs } from './machine-busy.js'
import { listingSource, type ListingSource } from './process-source.js'

/** Whether the idle side of a benchmark can be paused (SIGSTOP on its tree): not on Windows. */
export const canPause = process.platform !== 'win32'

export interface Capabilities {
  listing: ListingSource
  pause: boolean
  machineBusy: boolean
}

export function capabilities(): Capabilities {
  return { listing: listingSource(), pause: canPause, machineBusy: Number.isFinite(machineBusyMs()) }
}

/** One line per guarantee or figure this machine cannot give, in the words of the report; none where all work. */
export function missingMeasures(found: Capabilities = capabilities()): string[] {
  const lines: string[] = []
  const { listing } = found
  if (listing.kind === 'none')
    lines.push(
      `memory limit not enforced: the grader cannot list processes here (${listing.problem}), so the resident memory of a child's process tree (and of an esbuild build) is not watched; only the JavaScript heap cap holds, not Buffers, native memory or worker threads`,
    )
  const noCpu =
    listing.kind === 'none'
      ? `the grader cannot list processes here (${listing.problem})`
      : listing.kind === 'ps' && listing.wholeSeconds
        ? "this system's ps gives CPU time in whole seconds only"
        : listing.kind === 'cim'
          ? 'Windows lists processes through PowerShell, too slow to start for each reading, so the listings come from a sampler every quarter second, too late to bracket a benchmark sample'
          : undefined
  if (noCpu)
    lines.push(
      `CPU time of the child's tree not measured: ${noCpu}; the report shows no CPU time per wall time, and the load of other work on the machine is not measured`,
    )
  else if (!found.machineBusy)
    lines.push(
      "the machine's load from other work not measured: neither /proc/stat nor the cores' counters (os.cpus()) can be read here, so a busy machine is not noted beside the speed checks",
    )
  if (!found.pause)
    lines.push(
      `the idle side was not paused while the other side ran: ${process.platform === 'win32' ? 'Windows has no SIGSTOP (WSL 2 has)' : 'processes cannot be paused here'}; each side's timings may include what the other side's idle threads did meanwhile (idle pools cost little)`,
    )
  return lines
}
