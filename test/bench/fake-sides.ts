// Fake benchmark sides for bench-stage tests: no processes; each call answers from `answer` (or fails).
import type { BenchSettings } from '../../grader/bench/bench.js'
import type { BenchDefinition } from '../../grader/exercises/definition.js'
import type { ArgSpec, BenchSide, Origin } from '../../grader/types.js'

/** Each call's input is its sample number; the right answer is the input itself. */
export const echoDefinition: BenchDefinition = {
  itemLabel: 'values',
  itemsPerCall: () => 1,
  newRound: () => ({
    prepare: { name: 'fake', params: {} },
    sample: (index, calls) =>
      Array.from({ length: calls }, (): ArgSpec[] => [{ kind: 'value', value: index }]),
    verify: (index, _call, value) =>
      value === index ? undefined : `expected ${index}, received ${String(value)}`,
  }),
}

export interface FakeSideOptions {
  /** Fails every call with this reason. */
  failure?: string
  /** The CPU time its tree reports (NaN: not measurable here). */
  cpuMs?: number
  calls?: string[]
}

export function fakeSide(origin: Origin, options: FakeSideOptions = {}): BenchSide {
  return {
    origin,
    unavailable: () => undefined,
    start: () => Promise.resolve(),
    prepare: () => Promise.resolve(undefined),
    async batch(entry, args) {
      options.calls?.push(`${origin} ${entry}`)
      await new Promise((resolve) => setImmediate(resolve))
      if (options.failure) return { failure: options.failure }
      return { values: args.map((call) => (call[0] as { value: number }).value) }
    },
    alive: () => true,
    pause: () => undefined,
    resume: () => undefined,
    cpuMs: () => options.cpuMs ?? 0,
    scratchDir: () => '/nonexistent',
    close: () => Promise.resolve(),
  }
}

export const fakeSettings: BenchSettings = {
  minRounds: 4,
  maxRounds: 8,
  samplesPerRound: 3,
  targetSampleMs: 1,
  budgetMs: 60_000,
  timeoutFactor: 20,
  minTimeoutMs: 1000,
  maxRelativeWidth: 100,
  confidence: 0.95,
  resamples: 200,
}
