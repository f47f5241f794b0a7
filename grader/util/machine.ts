import { availableParallelism, cpus, loadavg, totalmem } from 'node:os'
import type { MachineInfo } from '../types.js'

export { machineBusyMs } from '../platform/machine-busy.js'

export function machineInfo(): MachineInfo {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    loadAverage: loadavg().map((load) => Math.round(load * 100) / 100),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    memoryGb: Math.round(totalmem() / 2 ** 30),
  }
}
