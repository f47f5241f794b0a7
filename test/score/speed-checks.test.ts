import { expect } from 'chai'
import { loadGradingConfig } from '../../grader/config.js'
import { sumDefinition } from '../../grader/exercises/sum/definition.js'
import { speedupPoints } from '../../grader/score/score.js'
import { speedChecks } from '../../grader/score/speed-checks.js'
import type { ExerciseBench, Origin, RatioEstimate, Strategy, StrategyTiming } from '../../grader/types.js'
import { createRng, estimateRatio, median, pairedRatios, relativeWidth } from '../../grader/util/stats.js'

const cfg = loadGradingConfig().speed
const estimate = (ratios: number[]): RatioEstimate =>
  estimateRatio(ratios, { confidence: 0.95, resamples: 500, seed: 1 })

/** A synthetic benchmark: per-round ms of each side's strategies, as the bench stage would summarise them. */
function bench(rounds: Record<Origin, Record<Strategy, number[]>>, cores = 2): ExerciseBench {
  const timings: StrategyTiming[] = []
  const speedup = (origin: Origin, s: Strategy): RatioEstimate | undefined =>
    s === 'sequential' ? undefined : estimate(pairedRatios(rounds[origin].sequential, rounds[origin][s]))
  for (const s of ['sequential', 'parallel', 'concurrent'] as const) {
    for (const origin of ['student', 'reference'] as const) {
      const roundMs = rounds[origin][s]
      const up = speedup(origin, s)
      timings.push({
        strategy: s,
        origin,
        state: 'completed',
        latencyMs: {
          mean: median(roundMs),
          p50: median(roundMs),
          p75: median(roundMs),
          p99: median(roundMs),
          rme: 1,
          samples: roundMs.length,
        },
        roundMs,
        samplesMs: roundMs,
        ...(up ? { speedup: up } : {}),
      })
    }
  }
  const ratioToReference = Object.fromEntries(
    (['sequential', 'parallel', 'concurrent'] as const).map((s) => [
      s,
      estimate(pairedRatios(rounds.student[s], rounds.reference[s])),
    ]),
  )
  const speedupRatio = {
    parallel: estimate(
      pairedRatios(
        pairedRatios(rounds.student.sequential, rounds.student.parallel),
        pairedRatios(rounds.reference.sequential, rounds.reference.parallel),
      ),
    ),
  }
  return {
    exerciseId: 'sum',
    size: 'small',
    itemsPerCall: 1,
    itemLabel: 'values',
    callsPerSample: 1,
    rounds: 8,
    timings,
    ratioToReference,
    speedupRatio,
    cores,
    notes: [],
  }
}

const steady = (ms: number, n = 8): number[] => Array.from({ length: n }, (_, i) => ms * (1 + 0.01 * (i % 3)))
const speedupTest = (b: ExerciseBench) =>
  speedChecks(b, sumDefinition.manifest, cfg).find((c) => c.checkId === 'speedup-parallel')!

describe('speed checks', () => {
  it('give the reference graded against itself full marks', () => {
    const same = { sequential: steady(4), parallel: steady(2.2), concurrent: steady(4.1) }
    const checks = speedChecks(bench({ student: same, reference: same }), sumDefinition.manifest, cfg)
    expect(checks.map((c) => c.name)).to.deep.equal([
      'speed against the reference',
      'speed against the reference',
      'speed-up over sequential',
      'speed against the reference',
    ])
    expect(checks.every((c) => c.points === c.maxPoints && c.verdict === 'equal')).to.equal(true)
  })

  it('give no points to a parallel strategy twice as slow as sequential', () => {
    const reference = { sequential: steady(4), parallel: steady(2.2), concurrent: steady(4) }
    const student = { sequential: steady(4), parallel: steady(8.8), concurrent: steady(4) }
    const test = speedupTest(bench({ student, reference }))
    expect(test.status).to.equal('failed')
    expect(test.points).to.equal(0)
    expect(test.message).to.include("(yours or the reference's): 0.45")
  })

  it('call an interval that spans a threshold inconclusive, and give the points of its median', () => {
    const rng = createRng(3)
    const noisy = (ms: number): number[] => Array.from({ length: 8 }, () => ms * (1 + 1.5 * rng()))
    const student = { sequential: steady(4), parallel: noisy(3.3), concurrent: steady(4) }
    const reference = { sequential: steady(4), parallel: noisy(2), concurrent: steady(4) }
    const b = bench({ student, reference })
    const ratio = b.speedupRatio.parallel!
    expect(ratio.low).to.be.below(cfg.speedupFullFraction)
    expect(ratio.high).to.be.above(cfg.speedupFullFraction)
    const test = speedupTest(b)
    expect(test.verdict).to.equal('inconclusive')
    expect(test.points).to.equal(speedupPoints(ratio, cfg, 2).points)
    expect(test.points).to.be.below(test.maxPoints)
    expect(test.message).to.include('the points follow the median')
  })

  it('judge an interval wholly past a threshold, however wide, busy machine or not (7× slower: no points)', () => {
    const rng = createRng(7)
    const scattered = (ms: number): number[] => Array.from({ length: 8 }, () => ms * (0.6 + 1.6 * rng()))
    const reference = { sequential: steady(4), parallel: steady(2.2), concurrent: steady(4) }
    const student = { ...reference, sequential: scattered(30) }
    for (const externalLoad of [0.05, 0.95]) {
      const b = { ...bench({ student, reference }), externalLoad }
      const ratio = b.ratioToReference.sequential!
      expect(ratio.low).to.be.above(cfg.zeroPointsRatio)
      expect(relativeWidth(ratio)).to.be.above(cfg.maxRelativeWidth)
      const test = speedChecks(b, sumDefinition.manifest, cfg).find((c) => c.checkId === 'speed-sequential')!
      expect(test.verdict).to.equal('slower')
      expect(test.points).to.equal(0)
    }
  })

  it('hold a speed-up that scatters only on the student side against the student', () => {
    const rng = createRng(5)
    const student = {
      sequential: steady(4),
      parallel: Array.from({ length: 8 }, () => 2.2 * (1 + 3 * rng())),
      concurrent: steady(4),
    }
    const reference = { sequential: steady(4), parallel: steady(2.2), concurrent: steady(4) }
    const test = speedupTest(bench({ student, reference }))
    expect(test.status).to.equal('failed')
    expect(test.verdict).to.equal('inconclusive')
    expect(test.message).to.include('Your own speed-up scatters far more')
  })

  it('say that other work took cores, and give the same points as on a quiet machine', () => {
    const rng = createRng(3)
    const noisy = (ms: number): number[] => Array.from({ length: 8 }, () => ms * (1 + 1.5 * rng()))
    const student = { sequential: steady(4), parallel: noisy(3.3), concurrent: steady(4) }
    const reference = { sequential: steady(4), parallel: noisy(2), concurrent: steady(4) }
    const quiet = speedupTest({ ...bench({ student, reference }), externalLoad: 0.05 })
    const busy = speedupTest({ ...bench({ student, reference }), externalLoad: 1.2 })
    expect(busy.points).to.equal(quiet.points)
    expect(busy.status).to.equal(quiet.status)
    expect(busy.message).to.include('Other work on this machine used 1.20 of its 2 cores')
    expect(quiet.message).to.not.include('Other work')
  })

  it('cost nothing on one core', () => {
    const reference = { sequential: steady(4), parallel: steady(4), concurrent: steady(4) }
    const test = speedupTest(bench({ student: reference, reference }, 1))
    expect(test.verdict).to.equal('not-measurable')
    expect(test.points).to.equal(test.maxPoints)
  })
})
