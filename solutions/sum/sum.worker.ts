import { sumRange } from './sum-range.js'

export interface SumTask {
  buffer: SharedArrayBuffer
  byteOffset: number
  length: number
  start: number
  end: number
}

// Loaded through piscina's require() path under tsx, so no top-level await here.
export default function sumSlice({ buffer, byteOffset, length, start, end }: SumTask): number {
  return sumRange(new Float64Array(buffer, byteOffset, length), start, end)
}
