// Pure scoring: ratios and check results in, verdicts and points out. No I/O.
import { median, relativeIqr } from '../util/stats.js'
import type { SpeedConfig } from '../config.js'
import type { CheckResult, RatioEstimate, Verdict } from '../types.js'

export interface SpeedScore {
  verdict: Verdict
  points: number
  maxPoints: number
}

function round2(x: number): number {
  return Math.round((x + Number.EPSILON) * 100) / 100
}

/** Where x sits between the value worth nothing and the value worth everything, clamped to [0, 1]. */
function fractionBetween(x: number, zeroAt: number, fullAt: number): number {
  return Math.min(1, Math.max(0, (x - zeroAt) / (fullAt - zeroAt)))
}

/**
 * Verdict on a student/reference time ratio (lower is faster): faster or slower only when the whole interval is
 * beyond the band, so that the reference graded against itself is never called slower on a noisy median.
 */
function timeVerdict({ low, high }: RatioEstimate, band: number): Verdict {
  if (high < 1 / band) return 'faster'
  if (low > band) return 'slower'
  return 'equal'
}

/** Student time against reference time: full points up to fullPointsRatio, none from zeroPointsRatio, log-linear between. */
export function speedVsReferencePoints(ratio: RatioEstimate, cfg: SpeedConfig): SpeedScore {
  // Log scale: being 2× slower than the reference costs the same whether it starts from 1.5× or 3×.
  const fraction = fractionBetween(
    Math.log(ratio.median),
    Math.log(cfg.zeroPointsRatio),
    Math.log(cfg.fullPointsRatio),
  )
  return {
    verdict: timeVerdict(ratio, cfg.equalBand),
    points: round2(cfg.pointsVsReference * fraction),
    maxPoints: cfg.pointsVsReference,
  }
}

/** Student speed-up over the reference's speed-up (higher is better); on one core there is no speed-up to measure. */
export function speedupPoints(ratioOfSpeedups: RatioEstimate, cfg: SpeedConfig, cores: number): SpeedScore {
  const maxPoints = cfg.pointsSpeedup
  if (cores <= 1) return { verdict: 'not-measurable', points: maxPoints, maxPoints }
  const fraction = fractionBetween(ratioOfSpeedups.median, cfg.speedupZeroFraction, cfg.speedupFullFraction)
  const band = cfg.equalBand
  const verdict: Verdict =
    ratioOfSpeedups.low > band ? 'faster' : ratioOfSpeedups.high < 1 / band ? 'slower' : 'equal'
  return { verdict, points: round2(maxPoints * fraction), maxPoints }
}

export interface InconclusiveJudgement {
  passes: boolean
  studentScatter: number
  referenceScatter: number
}

/**
 * The typical spread within a round: the median over rounds of each round's relative IQR. A burst of machine noise
 * hits a few rounds and leaves it alone; a submission that scatters its own timings (random sleeps) raises it in
 * every round.
 */
export function typicalRoundScatter(samplesMs: number[], rounds: number): number {
  const perRound = Math.max(1, Math.floor(samplesMs.length / Math.max(1, rounds)))
  const scatters: number[] = []
  for (let start = 0; start + perRound <= samplesMs.length; start += perRound) {
    scatters.push(relativeIqr(samplesMs.slice(start, start + perRound)))
  }
  return median(scatters)
}

/**
 * For an interval too wide to judge: no points are lost only when the reference's own spread explains it.
 * A submission that scatters its own timings (e.g. random sleeps) is judged on that scatter. The scatters
 * returned are the typical ones within a round.
 */
export function judgeInconclusive(
  studentSamplesMs: number[],
  referenceSamplesMs: number[],
  rounds: number,
  cfg: SpeedConfig,
): InconclusiveJudgement {
  const within = (student: number, reference: number): boolean =>
    student <= Math.max(cfg.ownScatterTolerance * reference, cfg.noiseFloor)
  const studentScatter = typicalRoundScatter(studentSamplesMs, rounds)
  const referenceScatter = typicalRoundScatter(referenceSamplesMs, rounds)
  // Scatter of its own shows both across all samples and within typical rounds; noise need only miss one of them.
  const passes =
    within(studentScatter, referenceScatter) ||
    within(relativeIqr(studentSamplesMs), relativeIqr(referenceSamplesMs))
  return { passes, studentScatter, referenceScatter }
}

export function totalScore(checks: CheckResult[]): { score: number; maxScore: number } {
  const score = checks.reduce((sum, c) => sum + c.points, 0)
  const maxScore = checks.reduce((sum, c) => sum + c.maxPoints, 0)
  return { score: round2(score), maxScore: round2(maxScore) }
}
