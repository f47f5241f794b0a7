// A pure CPU-bound task for the bench's speed-up probe: an integer hash chain, registers only, no memory traffic.
// Loaded by piscina through its require() path under tsx, so no top-level await here.

export interface CpuProbeTask {
  seed: number
  iterations: number
}

// As in solutions/sum/sum-range.ts: a small kernel called many times gets optimised with full type feedback,
// where one long loop would be compiled on-stack mid-call.
const blockSize = 1 << 14

function hashBlock(hash: number, start: number, end: number): number {
  let h = hash
  for (let i = start; i < end; i++) h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) ^ i
  return h
}

export default function cpuProbe({ seed, iterations }: CpuProbeTask): number {
  let h = seed | 0
  let i = 0
  for (; i + blockSize <= iterations; i += blockSize) h = hashBlock(h, i, i + blockSize)
  return hashBlock(h, i, iterations) >>> 0
}
