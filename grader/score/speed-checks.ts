import type { SpeedConfig } from '../config.js'
import type {
  CheckResult,
  ExerciseBench,
  ExerciseManifest,
  RatioEstimate,
  Strategy,
  StrategyTiming,
} from '../types.js'
import { judgeInconclusive, speedupPoints, speedVsReferencePoints } from './score.js'
import { relativeWidth } from '../util/stats.js'

const ms = (value: number): string =>
  value >= 100 ? value.toFixed(0) : value >= 1 ? value.toFixed(2) : value.toFixed(3)
const times = (r: RatioEstimate): string =>
  `${r.median.toFixed(2)}× (${Math.round(r.confidence * 100)}% interval ${r.low.toFixed(2)}–${r.high.toFixed(2)}, ${r.rounds} rounds)`

function base(
  manifest: ExerciseManifest,
  strategy: Strategy,
  checkId: string,
  name: string,
  maxPoints: number,
) {
  return {
    exerciseId: manifest.id,
    strategy,
    checkId,
    name,
    kind: 'speed' as const,
    maxPoints,
    visibility: 'visible' as const,
  }
}

/** What other work on the machine did during the benchmark, when it was busy: a fact for the report, never points. */
function busyMachine(bench: ExerciseBench, cfg: SpeedConfig): string {
  if (bench.externalLoad === undefined || bench.externalLoad <= cfg.busyMachineCores) return ''
  return ` Other work on this machine used ${bench.externalLoad.toFixed(2)} of its ${bench.cores} cores on average while this was measured: that makes the interval wider, never the points higher or lower.`
}

/**
 * Whether a wide interval leaves the points open: it straddles a threshold where points begin or end. An interval
 * wholly on one side of every threshold is a verdict however wide it is, and points always follow the median, so
 * that load can widen an interval but never buy points.
 */
function undecided(ratio: RatioEstimate, thresholds: number[], cfg: SpeedConfig): boolean {
  return (
    relativeWidth(ratio) > cfg.maxRelativeWidth && thresholds.some((t) => ratio.low < t && t < ratio.high)
  )
}

// A failure's reason can quote what the student's code returned during the benchmark: kept to a readable length.
const maxReasonChars = 2_000

function notTimed(timing: StrategyTiming | undefined): string | undefined {
  if (!timing) return 'not timed'
  if (timing.state === 'completed') return undefined
  const reason = String(timing.reason ?? timing.state)
  return `not timed: ${reason.length > maxReasonChars ? `${reason.slice(0, maxReasonChars)}… (${(reason.length - maxReasonChars).toLocaleString('en-US')} more characters not shown)` : reason}`
}

function vsReference(
  bench: ExerciseBench,
  manifest: ExerciseManifest,
  strategy: Strategy,
  cfg: SpeedConfig,
): CheckResult {
  const check = base(
    manifest,
    strategy,
    `speed-${strategy}`,
    'speed against the reference',
    cfg.pointsVsReference,
  )
  const [student, reference] = (['student', 'reference'] as const).map((origin) =>
    bench.timings.find((t) => t.strategy === strategy && t.origin === origin),
  )
  const ratio = bench.ratioToReference[strategy]
  const problem =
    notTimed(student) ?? (ratio ? undefined : `the reference could not be timed: ${notTimed(reference)}`)
  if (problem || !ratio || !student?.samplesMs || !reference?.samplesMs) {
    return { ...check, status: 'failed', points: 0, message: problem ?? 'not timed' }
  }
  const measured =
    `median time per call: yours ${ms(student.latencyMs!.p50)} ms, the reference's ${ms(reference.latencyMs!.p50)} ms; ` +
    `yours / reference = ${times(ratio)}`
  const scored = speedVsReferencePoints(ratio, cfg)
  if (undecided(ratio, [cfg.fullPointsRatio, cfg.zeroPointsRatio], cfg)) {
    const judged = judgeInconclusive(student.samplesMs, reference.samplesMs, ratio.rounds, cfg)
    const scatter = `typical spread within a round: yours ${(judged.studentScatter * 100).toFixed(0)}%, the reference's ${(judged.referenceScatter * 100).toFixed(0)}%`
    return {
      ...check,
      status: scored.points >= scored.maxPoints ? 'passed' : 'failed',
      points: scored.points,
      verdict: 'inconclusive',
      ratio,
      message: `${measured}.\nInconclusive: the interval spans a threshold of the points (${scatter}); the points follow the median.${
        judged.passes
          ? busyMachine(bench, cfg)
          : " Your own timings scatter far more than the reference's: make every call do the same work."
      }`,
    }
  }
  return {
    ...check,
    status: scored.points >= scored.maxPoints ? 'passed' : 'failed',
    points: scored.points,
    verdict: scored.verdict,
    ratio,
    message: `${measured}: ${scored.verdict}.`,
  }
}

function speedup(
  bench: ExerciseBench,
  manifest: ExerciseManifest,
  strategy: Strategy,
  cfg: SpeedConfig,
): CheckResult {
  const check = base(manifest, strategy, `speedup-${strategy}`, 'speed-up over sequential', cfg.pointsSpeedup)
  const [student, reference] = (['student', 'reference'] as const).map((origin) =>
    bench.timings.find((t) => t.strategy === strategy && t.origin === origin),
  )
  const ratio = bench.speedupRatio[strategy]
  if (!ratio || !student?.speedup || !reference?.speedup) {
    const why =
      notTimed(student) ?? 'no sequential strategy could be timed, so there is no speed-up to measure'
    return { ...check, status: 'failed', points: 0, message: why }
  }
  const scored = speedupPoints(ratio, cfg, bench.cores)
  const cpu = (t: StrategyTiming): string => (t.cpuPerWall === undefined ? '?' : t.cpuPerWall.toFixed(2))
  const measured =
    `speed-up over the faster sequential strategy of each round (yours or the reference's): ${student.speedup.median.toFixed(2)}×, the reference's over the same: ` +
    `${reference.speedup.median.toFixed(2)}×; yours / reference = ${times(ratio)}. CPU time per wall time while it ran: ` +
    `yours ${cpu(student)}, the reference's ${cpu(reference)}`
  const note =
    scored.verdict === 'not-measurable'
      ? ' Not measurable here: this machine has one core, so no points are lost.'
      : ''
  if (
    scored.verdict !== 'not-measurable' &&
    undecided(ratio, [cfg.speedupZeroFraction, cfg.speedupFullFraction], cfg)
  ) {
    // The per-round speed-ups of each side show whose scatter it is.
    const rounds = (origin: 'student' | 'reference'): number[] => {
      const seq = bench.timings.find((t) => t.strategy === 'sequential' && t.origin === origin)?.roundMs ?? []
      const par = bench.timings.find((t) => t.strategy === strategy && t.origin === origin)?.roundMs ?? []
      return seq.map((ms, i) => ms / par[i]!)
    }
    const judged = judgeInconclusive(rounds('student'), rounds('reference'), 1, cfg)
    return {
      ...check,
      status: scored.points >= scored.maxPoints ? 'passed' : 'failed',
      points: scored.points,
      verdict: 'inconclusive',
      ratio,
      message: `${measured}.\nInconclusive: the interval spans a threshold of the points; the points follow the median.${
        judged.passes
          ? busyMachine(bench, cfg)
          : " Your own speed-up scatters far more than the reference's: give every worker the same share of work."
      }`,
    }
  }
  return {
    ...check,
    status: scored.points >= scored.maxPoints ? 'passed' : 'failed',
    points: scored.points,
    verdict: scored.verdict,
    ratio,
    message: `${measured}.${note}`,
  }
}

/** Speed tests from a same-run benchmark: against the reference for every strategy, speed-up for the parallel one. */
export function speedChecks(
  bench: ExerciseBench,
  manifest: ExerciseManifest,
  cfg: SpeedConfig,
): CheckResult[] {
  return manifest.strategies.flatMap((strategy) => [
    vsReference(bench, manifest, strategy, cfg),
    ...(strategy === 'parallel' ? [speedup(bench, manifest, strategy, cfg)] : []),
  ])
}
