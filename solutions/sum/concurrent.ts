import { positiveInteger, splitEvenly, sumRange } from './sum-range.js'

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

export async function concurrentSum(
  values: Float64Array,
  options: { chunks?: number } = {},
): Promise<number> {
  const chunks = positiveInteger('chunks', options.chunks ?? 10)
  const partials = await Promise.all(
    splitEvenly(values.length, chunks).map(async ([start, end]) => {
      await yieldToEventLoop()
      return sumRange(values, start, end)
    }),
  )
  return partials.reduce((total, partial) => total + partial, 0)
}
