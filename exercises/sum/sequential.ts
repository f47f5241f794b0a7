/**
 * Sum every value of `values`, one after another, in a plain loop.
 * `values` may be a view into a larger buffer: read only its own elements.
 */
export function sequentialSum(values: Float64Array): number {
  void values
  throw new Error(
    'not implemented yet: sequentialSum in exercises/sum/sequential.ts (see exercises/sum/README.md)',
  )
}
