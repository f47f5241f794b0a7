import { expect } from 'chai'
import { benchmarkExercise, type BenchSettings } from '../../grader/bench/bench.js'
import type { BenchDefinition } from '../../grader/exercises/definition.js'
import type { ArgSpec, BenchSide, Origin } from '../../grader/types.js'
import { fakeSettings } from './fake-sides.js'

// Fake sides: no processes, a fixed answer per call; they record what the grader asked of them.
const definition: BenchDefinition = {
  itemLabel: 'values',
  itemsPerCall: () => 1000,
  newRound: (seed) => ({
    prepare: { name: 'fake', params: { seed } },
    sample: (index, calls) =>
      Array.from({ length: calls }, (_, call): ArgSpec[] => [{ kind: 'value', value: index * 100 + call }]),
    verify: (index, call, value) =>
      value === index * 100 + call ? undefined : `expected ${index * 100 + call}, received ${String(value)}`,
  }),
}

interface Log {
  events: string[]
  paused: Set<Origin>
}

function fakeSide(
  origin: Origin,
  log: Log,
  answer: (input: number, entry: string) => unknown = (x) => x,
): BenchSide {
  return {
    origin,
    unavailable: (entry) =>
      origin === 'student' && entry === 'concurrent' ? 'sum/concurrent.ts is missing' : undefined,
    start: () => Promise.resolve(),
    prepare: () => Promise.resolve(undefined),
    async batch(entry, calls) {
      const other: Origin = origin === 'student' ? 'reference' : 'student'
      log.events.push(`${origin} ${entry} while ${other} ${log.paused.has(other) ? 'paused' : 'running'}`)
      await new Promise((resolve) => setImmediate(resolve))
      return { values: calls.map((args) => answer((args[0] as { value: number }).value, entry)) }
    },
    alive: () => true,
    pause: () => void log.paused.add(origin),
    resume: () => void log.paused.delete(origin),
    cpuMs: () => 0,
    scratchDir: () => '/nonexistent',
    close: () => Promise.resolve(),
  }
}

const settings: BenchSettings = { ...fakeSettings, maxRounds: 4 }

describe('benchmarkExercise', () => {
  it('times every strategy of both sides in each round, with the other side paused', async () => {
    const log: Log = { events: [], paused: new Set() }
    const bench = await benchmarkExercise({
      exerciseId: 'sum',
      definition,
      strategies: ['sequential', 'parallel', 'concurrent'],
      size: 'tiny',
      seed: 1,
      student: fakeSide('student', log),
      reference: fakeSide('reference', log),
      settings,
      cores: 2,
    })
    expect(bench.rounds).to.equal(4)
    const timed = log.events.slice(-5 * 3 * 4) // the last rounds only (warm-up and calibration run unpaused)
    expect(timed.every((e) => e.endsWith('paused'))).to.equal(true)
    expect(Object.keys(bench.ratioToReference).sort()).to.deep.equal(['parallel', 'sequential'])
    const missing = bench.timings.find((t) => t.origin === 'student' && t.strategy === 'concurrent')!
    expect(missing.state).to.equal('skipped')
    expect(missing.reason).to.include('missing')
    expect(bench.speedupRatio.parallel?.rounds).to.equal(4)
  })

  it('fails a strategy whose answers are wrong during the benchmark, and keeps timing the others', async () => {
    const log: Log = { events: [], paused: new Set() }
    const bench = await benchmarkExercise({
      exerciseId: 'sum',
      definition,
      strategies: ['sequential', 'parallel'],
      size: 'tiny',
      seed: 2,
      student: fakeSide('student', log, (x, entry) => (entry === 'parallel' ? x + 1 : x)),
      reference: fakeSide('reference', log),
      settings,
      cores: 2,
    })
    const parallel = bench.timings.find((t) => t.origin === 'student' && t.strategy === 'parallel')!
    expect(parallel.state).to.equal('failed')
    expect(parallel.reason).to.include('wrong result')
    expect(bench.timings.find((t) => t.origin === 'student' && t.strategy === 'sequential')!.state).to.equal(
      'completed',
    )
  })

  it("measures a student's speed-up over the faster sequential strategy, so a slow sequential one buys nothing", async () => {
    // Per-call times in ms by side and strategy: the student's sequential strategy is 5× slower than the reference's.
    const callMs: Record<Origin, Record<string, number>> = {
      student: { sequential: 20, parallel: 4 },
      reference: { sequential: 8, parallel: 4 },
    }
    const log: Log = { events: [], paused: new Set() }
    // A clock only the fake calls move: exact timings on a busy machine too.
    let clock = 0
    const timed = (origin: Origin): BenchSide => {
      const side = fakeSide(origin, log)
      return {
        ...side,
        async batch(entry, calls, timeoutMs) {
          const reply = await side.batch(entry, calls, timeoutMs)
          clock += callMs[origin][entry]! * calls.length
          return reply
        },
      }
    }
    const bench = await benchmarkExercise({
      exerciseId: 'sum',
      definition,
      strategies: ['sequential', 'parallel'],
      size: 'tiny',
      seed: 3,
      student: timed('student'),
      reference: timed('reference'),
      settings,
      cores: 2,
      now: () => clock,
    })
    const speedup = (origin: Origin): number =>
      bench.timings.find((t) => t.origin === origin && t.strategy === 'parallel')!.speedup!.median
    // Over its own sequential strategy the student's speed-up would be 5 against the reference's 2.
    expect(speedup('student')).to.equal(2)
    expect(bench.speedupRatio.parallel!.median).to.equal(1)
  })
})
