import { sumRange } from './sum-range.js'

export function sequentialSum(values: Float64Array): number {
  return sumRange(values, 0, values.length)
}
