import type { ArgSpec, DataSize, ExerciseManifest } from '../../types.js'
import type { BenchRound, CheckContext, ExerciseDefinition, Judgement, ValueCheck } from '../definition.js'
import { buildSumInput, randomIntegers, touchesOf, type SumInput } from './inputs.js'
import manifestJson from './manifest.json' with { type: 'json' }

const manifest = manifestJson as ExerciseManifest

/** The grader's own exact sum (inputs are integers whose sums stay below 2^53, so any order is exact). */
function exactSum(values: Float64Array, start = 0, end = values.length): number {
  let total = 0
  for (let i = start; i < end; i++) total += values[i]!
  return total
}

// Worker count / chunk count passed to the strategies that take one.
function splitOption(entry: string, parts: number): ArgSpec[] {
  if (entry === 'parallel') return [{ kind: 'value', value: { workers: parts } }]
  if (entry === 'concurrent') return [{ kind: 'value', value: { chunks: parts } }]
  return []
}

const partsWord = (entry: string): string => (entry === 'concurrent' ? 'chunks' : 'workers')
const format = (n: unknown): string => (typeof n === 'number' ? n.toLocaleString('en-US') : String(n))

function mismatch(expected: number, received: unknown): string {
  return `expected ${format(expected)}, received ${format(received)}`
}

/** The course's chunking, `size = n // k` over k chunks, sums only the first k·⌊n/k⌋ values. */
function droppedRemainderHint(
  values: Float64Array,
  parts: number,
  received: unknown,
  entry: string,
): string | undefined {
  const n = values.length
  const covered = parts * Math.floor(n / parts)
  if (covered === n || received !== exactSum(values, 0, covered)) return undefined
  return (
    `The last ${n - covered} of ${n} values were dropped: with ${parts} ${partsWord(entry)}, chunks of ` +
    `⌊${n}/${parts}⌋ = ${Math.floor(n / parts)} cover only ${covered} values. That is the course's chunking ` +
    `(size = n // k): let the last chunk run to the end (end = n), or split at ⌊i·n/k⌋.`
  )
}

interface SumCase {
  input(ctx: CheckContext): SumInput
  parts?: number
  hint?(values: Float64Array, received: unknown, ctx: CheckContext): string | undefined
}

function sumCheck(spec: SumCase): ValueCheck {
  const cache = new Map<string, Float64Array>()
  const valuesOf = (ctx: CheckContext): Float64Array => {
    const key = JSON.stringify(spec.input(ctx))
    let values = cache.get(key)
    if (!values) cache.set(key, (values = buildSumInput(spec.input(ctx), new Map())))
    return values
  }
  return {
    kind: 'value',
    args: (ctx) => [
      { kind: 'input', name: 'sum.values', params: spec.input(ctx) },
      ...(spec.parts ? splitOption(ctx.entry, spec.parts) : []),
    ],
    expected: (ctx) => exactSum(valuesOf(ctx)),
    judge: (received, expected, ctx): Judgement => {
      if (received === expected) return { passed: true }
      const values = valuesOf(ctx)
      const hint =
        (spec.parts && ctx.entry !== 'sequential'
          ? droppedRemainderHint(values, spec.parts, received, ctx.entry)
          : undefined) ?? spec.hint?.(values, received, ctx)
      return { passed: false, message: mismatch(expected as number, received), ...(hint ? { hint } : {}) }
    },
  }
}

const viewInput: SumInput = {
  kind: 'random-view',
  seed: 7,
  baseLength: 50_000,
  offset: 12_345,
  length: 20_011,
}

function randomInput(seed: number, salt: number, length: number): SumInput {
  return { kind: 'random', seed: (seed ^ salt) >>> 0, length, min: -1_000_000, max: 1_000_000 }
}

// The course's 10 M values; --quick uses 4 M, still enough for workers to pay off.
const valuesPerCall = (size: DataSize): number => (size === 'tiny' ? 4_000_000 : 10_000_000)

export const sumDefinition: ExerciseDefinition = {
  manifest,
  resultSchemas: {
    sequential: { type: 'number' },
    parallel: { type: 'number' },
    concurrent: { type: 'number' },
  },
  checks: {
    'course-range': sumCheck({
      input: () => ({ kind: 'range', from: 1, to: 10_000_000 }),
      hint: (values, received) =>
        typeof received === 'number' && received < exactSum(values)
          ? 'Some values were left out: check that every chunk is summed and that the last one runs to the end.'
          : undefined,
    }),
    empty: sumCheck({
      input: () => ({ kind: 'literal', values: [] }),
      hint: (_values, received) =>
        Number.isNaN(received)
          ? 'NaN: an empty chunk was probably averaged or read past its end.'
          : undefined,
    }),
    'one-value': sumCheck({ input: () => ({ kind: 'literal', values: [42] }) }),
    remainder: sumCheck({
      input: () => ({ kind: 'random', seed: 11, length: 10_007, min: 0, max: 1000 }),
      parts: 3,
    }),
    'fewer-than-workers': sumCheck({
      input: () => ({ kind: 'literal', values: [5, 7, 11] }),
      parts: 4,
      hint: (_values, received, ctx) =>
        received === 0 && ctx.entry !== 'sequential'
          ? `With 3 values and 4 ${partsWord(ctx.entry)}, size = 3 // 4 = 0: every chunk was empty. Use at most as many chunks as values.`
          : undefined,
    }),
    negative: sumCheck({
      input: () => ({ kind: 'random', seed: 5, length: 100_003, min: -1000, max: 1000 }),
    }),
    view: sumCheck({
      input: () => viewInput,
      hint: (_values, received) => {
        const base = randomIntegers(viewInput.seed, viewInput.baseLength, -1000, 1000)
        return received === exactSum(base, 0, viewInput.length)
          ? 'You summed the start of values.buffer: the input is a view that begins at values.byteOffset (use new Float64Array(buffer, byteOffset, length)).'
          : undefined
      },
    }),
    'hidden-random': sumCheck({ input: (ctx) => randomInput(ctx.seed, 0x5eed, 100_000 + (ctx.seed % 997)) }),
    agree: {
      kind: 'agreement',
      args: (ctx) => [
        { kind: 'input', name: 'sum.values', params: randomInput(ctx.seed, 0xa9ee, 1_000_003) },
      ],
      judge: (received, ctx) => {
        const expected = exactSum(buildSumInput(randomInput(ctx.seed, 0xa9ee, 1_000_003), new Map()))
        const wrong = Object.entries(received).filter(([, value]) => value !== expected)
        if (wrong.length === 0) return { passed: true }
        const lines = Object.entries(received).map(([entry, value]) => `  ${entry}: ${format(value)}`)
        return {
          passed: false,
          message: `on the same 1,000,003 values (exact sum ${format(expected)}) the strategies returned:\n${lines.join('\n')}`,
        }
      },
    },
  },
  bench: {
    itemLabel: 'values',
    bytesPerItem: 8,
    itemsPerCall: valuesPerCall,
    newRound: (seed, size) => sumRound(seed, valuesPerCall(size)),
  },
}

/**
 * Fresh windows of a base array regenerated every round, a few of each window's values new for its call: no call sees
 * the same input twice, and nothing computed before a call (a table of prefix sums of the base) can answer it.
 */
function sumRound(seed: number, itemsPerCall: number): BenchRound {
  const slack = Math.floor(itemsPerCall / 4)
  const baseLength = itemsPerCall + slack
  let prefix: Float64Array | undefined
  const prefixSums = (): Float64Array => {
    if (prefix) return prefix
    const base = randomIntegers(seed, baseLength, -1_000_000, 1_000_000)
    prefix = new Float64Array(baseLength + 1)
    for (let i = 0; i < baseLength; i++) prefix[i + 1] = prefix[i]! + base[i]!
    return prefix
  }
  const window = (sample: number, call: number): { offset: number; length: number; touch: number } => {
    const h = mix32(seed, sample, call)
    const length = itemsPerCall - (h % Math.max(1, Math.floor(itemsPerCall / 10)))
    return {
      offset: mix32(h, call, sample) % (baseLength - length + 1),
      length,
      touch: mix32(h, sample, seed),
    }
  }
  const baseAt = (i: number): number => prefixSums()[i + 1]! - prefixSums()[i]!
  return {
    prepare: { name: 'sum.round', params: { seed, length: baseLength } },
    sample: (index, calls) =>
      Array.from({ length: calls }, (_, call) => [
        { kind: 'input', name: 'sum.values', params: { kind: 'window', ...window(index, call) } },
      ]),
    verify: (sample, call, value) => {
      const { offset, length, touch } = window(sample, call)
      const changed = touchesOf(touch, length).reduce(
        (sum, { at, value }) => sum + value - baseAt(offset + at),
        0,
      )
      const expected = prefixSums()[offset + length]! - prefixSums()[offset]! + changed
      return value === expected
        ? undefined
        : `${mismatch(expected, value)} (window of ${format(length)} values; a few of a timed call's values are new to it, so an answer worked out before the call cannot be right)`
    },
  }
}

function mix32(a: number, b: number, c: number): number {
  let h =
    Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^
    Math.imul(b + 0x632be5ab, 0xc2b2ae35) ^
    Math.imul(c + 1, 0x27d4eb2f)
  h ^= h >>> 15
  h = Math.imul(h, 0x2c1b3c6d)
  h ^= h >>> 12
  return h >>> 0
}
