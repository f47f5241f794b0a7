import { expect } from 'chai'
import { createRng, estimateRatio } from '../../grader/util/stats.js'
import { loadGradingConfig } from '../../grader/config.js'
import type { SpeedConfig } from '../../grader/config.js'
import {
  judgeInconclusive,
  speedupPoints,
  speedVsReferencePoints,
  totalScore,
} from '../../grader/score/score.js'
import type { CheckResult, RatioEstimate } from '../../grader/types.js'

// Fixed here (not read from grader/config.json) so that retuning the shipped config does not break these tests.
const cfg: SpeedConfig = {
  pointsVsReference: 2,
  pointsSpeedup: 2,
  fullPointsRatio: 1.5,
  zeroPointsRatio: 4,
  equalBand: 1.1,
  speedupFullFraction: 0.75,
  speedupZeroFraction: 0.4,
  maxRelativeWidth: 0.5,
  ownScatterTolerance: 1.5,
  noiseFloor: 0.05,
  busyMachineCores: 0.3,
  confidence: 0.95,
  bootstrapResamples: 2000,
}

const estimate = (ratios: number[]): RatioEstimate =>
  estimateRatio(ratios, { confidence: cfg.confidence, resamples: cfg.bootstrapResamples, seed: 1 })
const scaled = (factor: number, noise: number[]): number[] => noise.map((x) => factor * x)
const fixed = (median: number, low: number, high: number): RatioEstimate => ({
  median,
  low,
  high,
  rounds: 10,
  confidence: 0.95,
})
// ±3% around 1 over 10 rounds.
const noise = [1.02, 0.98, 1.03, 0.97, 1.01, 0.99, 1.0, 1.03, 0.97, 1.02]

describe('score/score', () => {
  describe('speedVsReferencePoints', () => {
    it('gives the reference graded against itself (ratio 1.0 ± 3%) "equal" and full points', () => {
      expect(speedVsReferencePoints(estimate(noise), cfg)).to.deep.equal({
        verdict: 'equal',
        points: 2,
        maxPoints: 2,
      })
    })

    it('gives full points up to fullPointsRatio', () => {
      expect(speedVsReferencePoints(fixed(1.5, 1.45, 1.55), cfg).points).to.equal(2)
    })

    it('gives a 2× slower submission "slower" and partial points, log-linear between the bounds', () => {
      const ratio = estimate(scaled(2, noise))
      const scored = speedVsReferencePoints(ratio, cfg)
      expect(scored.verdict).to.equal('slower')
      const expected = 2 * (1 - Math.log(ratio.median / 1.5) / Math.log(4 / 1.5))
      expect(scored.points).to.equal(Math.round(expected * 100) / 100)
      expect(scored.points).to.be.within(0.01, 1.99)
    })

    it('gives a 5× slower submission no points', () => {
      expect(speedVsReferencePoints(estimate(scaled(5, noise)), cfg)).to.deep.equal({
        verdict: 'slower',
        points: 0,
        maxPoints: 2,
      })
    })

    it('calls a submission "faster" when the whole interval is below 1/equalBand', () => {
      expect(speedVsReferencePoints(estimate(scaled(0.5, noise)), cfg)).to.include({
        verdict: 'faster',
        points: 2,
      })
    })

    // A/A on a busy machine: 1.12× (interval 0.57–1.47) was called slower.
    it('calls a ratio faster or slower only when its whole interval is beyond the band', () => {
      expect(speedVsReferencePoints(fixed(1.05, 0.95, 1.3), cfg).verdict).to.equal('equal')
      expect(speedVsReferencePoints(fixed(1.12, 0.57, 1.47), cfg).verdict).to.equal('equal')
      expect(speedVsReferencePoints(fixed(0.85, 0.7, 1.0), cfg).verdict).to.equal('equal')
      expect(speedVsReferencePoints(fixed(1.3, 1.11, 1.4), cfg).verdict).to.equal('slower')
      expect(speedVsReferencePoints(fixed(0.8, 0.7, 0.9), cfg).verdict).to.equal('faster')
    })
  })

  describe('speedupPoints', () => {
    it('gives full points when the student matches the reference speed-up', () => {
      expect(speedupPoints(estimate(noise), cfg, 4)).to.deep.equal({
        verdict: 'equal',
        points: 2,
        maxPoints: 2,
      })
    })

    it('gives no points at 0.3 of the reference speed-up', () => {
      expect(speedupPoints(estimate(scaled(0.3, noise)), cfg, 4)).to.deep.equal({
        verdict: 'slower',
        points: 0,
        maxPoints: 2,
      })
    })

    it('is linear between speedupZeroFraction and speedupFullFraction', () => {
      const mid = (0.4 + 0.75) / 2
      expect(speedupPoints(fixed(mid, mid - 0.01, mid + 0.01), cfg, 4).points).to.equal(1)
    })

    it('calls a higher speed-up than the reference "faster"', () => {
      expect(speedupPoints(estimate(scaled(1.5, noise)), cfg, 4)).to.include({ verdict: 'faster', points: 2 })
    })

    it('is "not-measurable" with full points on one core', () => {
      expect(speedupPoints(estimate(scaled(0.3, noise)), cfg, 1)).to.deep.equal({
        verdict: 'not-measurable',
        points: 2,
        maxPoints: 2,
      })
    })
  })

  describe('judgeInconclusive', () => {
    const steady = [10.1, 9.9, 10.0, 10.2, 9.8, 10.0, 10.1, 9.9]
    const noisy = [10, 14, 8, 19, 11, 7, 16, 9]

    it('passes when the reference scatters as much as the student', () => {
      const judged = judgeInconclusive(scaled(1.02, noisy), noisy, 1, cfg)
      expect(judged.passes).to.equal(true)
      expect(judged.referenceScatter).to.be.above(cfg.noiseFloor)
    })

    it('fails when only the student scatters (e.g. random sleeps)', () => {
      const judged = judgeInconclusive(noisy, steady, 1, cfg)
      expect(judged.passes).to.equal(false)
      expect(judged.studentScatter).to.be.above(judged.referenceScatter)
    })

    it('with the shipped config, never fails identical code drawn from the same noisy machine', () => {
      const shipped = loadGradingConfig().speed
      for (let seed = 1; seed <= 50; seed++) {
        const rng = createRng(seed)
        // 8 rounds x 5 samples of a 1 ms call, with a machine that adds 0-40% at random (a shared 2-core box).
        const draw = (): number[] => Array.from({ length: 40 }, () => 1 + 0.4 * rng() ** 2)
        expect(judgeInconclusive(draw(), draw(), 8, shipped).passes, `seed ${seed}`).to.equal(true)
      }
    })

    it('does not blame the student for bursts of machine noise that hit a few of its rounds', () => {
      const shipped = loadGradingConfig().speed
      const rng = createRng(11)
      const calm = (): number => 1 + 0.03 * rng()
      const reference = Array.from({ length: 40 }, calm)
      // 8 rounds of 5 samples; rounds 1, 4 and 6 ran while something else took a core (80% slower throughout).
      const student = Array.from(
        { length: 40 },
        (_, i) => calm() * ([1, 4, 6].includes(Math.floor(i / 5)) ? 1.8 : 1),
      )
      expect(judgeInconclusive(student, reference, 8, shipped).passes).to.equal(true)
    })

    it('with the shipped config, fails a submission that adds random sleeps of up to its own duration', () => {
      const shipped = loadGradingConfig().speed
      const rng = createRng(7)
      const machine = (): number => 1 + 0.1 * rng()
      const reference = Array.from({ length: 40 }, machine)
      const sleepy = Array.from({ length: 40 }, () => machine() + rng())
      expect(judgeInconclusive(sleepy, reference, 8, shipped).passes).to.equal(false)
    })

    it('never holds scatter within the noise floor against the student', () => {
      expect(judgeInconclusive([10.2, 9.8, 10.1, 9.9], [10, 10, 10, 10], 1, cfg).passes).to.equal(true)
    })
  })

  describe('totalScore', () => {
    const check = (points: number, maxPoints: number): CheckResult => ({
      exerciseId: 'sum',
      strategy: 'all',
      checkId: 'c',
      name: 'c',
      kind: 'correctness',
      status: points === maxPoints ? 'passed' : 'failed',
      points,
      maxPoints,
      visibility: 'visible',
    })

    it('sums points and maximum, rounded to 2 decimals', () => {
      expect(totalScore([check(0.1, 1), check(0.2, 1), check(1.41, 2)])).to.deep.equal({
        score: 1.71,
        maxScore: 4,
      })
    })

    it('is zero for no checks', () => {
      expect(totalScore([])).to.deep.equal({ score: 0, maxScore: 0 })
    })
  })
})
