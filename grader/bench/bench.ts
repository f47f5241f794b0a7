import { Bench } from 'tinybench'
import { machineBusyMs } from '../util/machine.js'
import type { BenchDefinition, BenchRound } from '../exercises/definition.js'
import type {
  BenchSide,
  DataSize,
  ExerciseBench,
  ExerciseId,
  RatioEstimate,
  Strategy,
  StrategyTiming,
} from '../types.js'
import {
  createRng,
  estimateRatio,
  median,
  pairedRatios,
  quantile,
  relativeWidth,
  shuffled,
} from '../util/stats.js'

export interface BenchSettings {
  minRounds: number
  maxRounds: number
  samplesPerRound: number
  targetSampleMs: number
  budgetMs: number
  timeoutFactor: number
  minTimeoutMs: number
  maxRelativeWidth: number
  confidence: number
  resamples: number
  /**
   * Other work on the machine, in cores, above which it counts as busy (unset: never). A busy machine, or one whose
   * load cannot be measured, gets every round up to maxRounds, past the budget if need be (up to budgetStretch
   * times it): load may lengthen a run, never decide a verdict on a few rounds.
   */
  busyCores?: number
}

/** How far past its budget a run on a busy machine (or one still short of minRounds) may go. */
export const budgetStretch = 3
/** How much longer samples are on a machine busy when timing begins. */
export const busySampleFactor = 4

/** Whether other work (in cores; NaN: not measurable) makes the machine busy for these settings. */
const busy = (load: number, settings: BenchSettings): boolean =>
  settings.busyCores !== undefined && !(load <= settings.busyCores)

export interface BenchInput {
  exerciseId: ExerciseId
  definition: BenchDefinition
  /** The data set of the run's size, for exercises whose data lives on disk. */
  dataDir?: string
  strategies: Strategy[]
  size: DataSize
  seed: number
  student: BenchSide
  reference: BenchSide
  settings: BenchSettings
  cores: number
  onRound?: (round: number, maxRounds: number) => void
  /** The clock samples are timed with (tests give one that fake sides advance). */
  now?: () => number
}

interface Track {
  side: BenchSide
  strategy: Strategy
  failure?: string
  skipped?: string
  roundMs: number[]
  samplesMs: number[]
  rme: number[]
  cpuMs: number
  wallMs: number
}

class BenchFailure extends Error {}

const prepareTimeoutMs = 60_000

/**
 * Student and reference, each in its own child, timed in interleaved rounds in random order with the idle side
 * paused. tinybench times each side within a round; the paired per-round ratios are computed here.
 */
export async function benchmarkExercise(input: BenchInput): Promise<ExerciseBench> {
  const { definition, settings, seed, size } = input
  const now = input.now ?? (() => performance.now())
  const sides = [input.reference, input.student]
  const tracks = sides.flatMap((side) =>
    input.strategies.map((strategy): Track => {
      const skipped = side.unavailable(strategy)
      return {
        side,
        strategy,
        roundMs: [],
        samplesMs: [],
        rme: [],
        cpuMs: 0,
        wallMs: 0,
        ...(skipped ? { skipped } : {}),
      }
    }),
  )
  const live = (): Track[] => tracks.filter((t) => !t.failure && !t.skipped)
  const notes: string[] = []
  try {
    for (const side of sides) await startSide(side, tracks)
    const meter = startLoadMeter(sides)
    const warmup = definition.newRound(roundSeed(seed, -1), size, input.dataDir)
    await prepareAll(sides, warmup, tracks)
    // Warm-up: pools started, code compiled by the JIT, and every strategy's answer verified before timing. A side
    // whose child died is started again at once: its crash is charged to the strategy that caused it, not to the
    // ones warmed up or timed after it.
    for (const track of live()) {
      await runSamples(track, warmup, 1, 2, input.settings.minTimeoutMs * 4, now)
      if (!track.side.alive()) await restartAfterFailure(track.side, warmup, tracks)
    }
    const reference = (strategy: Strategy): Track =>
      tracks.find((t) => t.side === input.reference && t.strategy === strategy)!
    if (reference('sequential').failure) {
      throw new Error(
        `the reference's sequential strategy failed to warm up: ${reference('sequential').failure}`,
      )
    }
    // Nothing of the submission left to compare (stubs not written yet, or every strategy failed): no rounds, so a
    // student's first run answers in seconds.
    if (!live().some((track) => track.side === input.student)) {
      for (const track of live()) track.skipped = 'not timed: no strategy of the submission could be timed'
      return summarize(input, tracks, 0, 1, notes)
    }
    const callMs = await calibrate(reference('sequential'), warmup, now)
    // Other work takes the cores in time slices of milliseconds: on a busy machine a short sample is mostly luck.
    const busyAtStart = busy(meter.soFar(), settings)
    const sampleFactor = busyAtStart ? busySampleFactor : 1
    if (busyAtStart)
      notes.push(`the machine was busy when timing began: samples ${busySampleFactor} times longer`)
    const callsPerSample = Math.max(
      1,
      Math.min(64 * sampleFactor, Math.round((settings.targetSampleMs * sampleFactor) / callMs)),
    )
    const slowestReferenceMs = callMs * callsPerSample * 4
    const timeoutMs = Math.max(settings.minTimeoutMs, settings.timeoutFactor * slowestReferenceMs)
    const rng = createRng(seed)
    const started = performance.now()
    let rounds = 0
    while (rounds < settings.maxRounds) {
      const round = definition.newRound(roundSeed(seed, rounds), size, input.dataDir)
      await prepareAll(sides, round, tracks)
      for (const track of shuffled(live(), rng)) {
        for (const side of sides) if (side !== track.side) side.pause()
        track.side.resume()
        await runSamples(track, round, callsPerSample, settings.samplesPerRound, timeoutMs, now)
        if (!track.side.alive()) await restartAfterFailure(track.side, round, tracks)
      }
      for (const side of sides) side.resume()
      rounds++
      input.onRound?.(rounds, settings.maxRounds)
      const quiet = !busy(meter.soFar(), settings)
      const enough = rounds >= settings.minRounds
      if (enough && quiet && settled(tracks, input, settings)) break
      const elapsed = performance.now() - started
      if (enough && quiet && elapsed > settings.budgetMs) break
      if (elapsed > settings.budgetMs * budgetStretch) {
        notes.push(
          `stopped after ${rounds} rounds${enough ? '' : ` of at least ${settings.minRounds}`}: ` +
            `${budgetStretch} times the time budget ran out`,
        )
        break
      }
    }
    const externalLoad = meter.soFar()
    if (externalLoad > 0.25) {
      notes.push(
        `other work on this machine used ${externalLoad.toFixed(2)} of ${input.cores} cores on average while this ran`,
      )
    }
    return {
      ...summarize(input, tracks, rounds, callsPerSample, notes),
      ...(Number.isFinite(externalLoad) ? { externalLoad } : {}),
    }
  } finally {
    for (const side of sides) {
      side.resume()
      await side.close()
    }
  }
}

/**
 * Cores' worth of other work on the machine since the meter started: all cores' busy time minus the grader's and its
 * children's (NaN where it cannot be measured).
 */
function startLoadMeter(sides: BenchSide[]): { soFar(): number } {
  const ours = (): number => {
    const own = process.cpuUsage()
    return (own.user + own.system) / 1000 + sides.reduce((sum, side) => sum + side.cpuMs(), 0)
  }
  const [busy0, ours0, wall0] = [machineBusyMs(), ours(), performance.now()]
  return {
    soFar: () =>
      Math.max(0, machineBusyMs() - busy0 - (ours() - ours0)) / Math.max(1, performance.now() - wall0),
  }
}

function roundSeed(seed: number, round: number): number {
  return (Math.imul(seed ^ 0x51ed270b, 0x2545f491) + Math.imul(round + 2, 0x9e3779b1)) >>> 0
}

async function startSide(side: BenchSide, tracks: Track[]): Promise<void> {
  try {
    await side.start()
  } catch (error) {
    for (const track of tracks)
      if (track.side === side) track.failure ??= `could not start: ${(error as Error).message}`
  }
}

async function prepareAll(sides: BenchSide[], round: BenchRound, tracks: Track[]): Promise<void> {
  for (const side of sides) side.resume()
  await Promise.all(
    sides.map(async (side) => {
      if (!side.alive()) return
      const problem = await side.prepare(round.prepare.name, round.prepare.params, prepareTimeoutMs)
      if (problem)
        for (const track of tracks) if (track.side === side) track.failure ??= `preparing a round: ${problem}`
    }),
  )
}

async function restartAfterFailure(side: BenchSide, round: BenchRound, tracks: Track[]): Promise<void> {
  await startSide(side, tracks)
  await prepareAll([side], round, tracks)
}

/** Time per call of the reference's sequential strategy, to size the samples. */
async function calibrate(track: Track, round: BenchRound, now: () => number): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < 3; i++) {
    const start = now()
    await track.side.batch(track.strategy, round.sample(100 + i, 1), 60_000)
    times.push(now() - start)
  }
  return Math.max(0.01, median(times))
}

/** One tinybench task for this side and strategy: `samples` timed batches of `calls` verified calls each. */
async function runSamples(
  track: Track,
  round: BenchRound,
  calls: number,
  samples: number,
  timeoutMs: number,
  now: () => number,
): Promise<void> {
  let sampleIndex = 0
  const bench = new Bench({
    now,
    iterations: samples,
    time: 0,
    warmup: samples > 2,
    warmupIterations: 1,
    warmupTime: 0,
    retainSamples: true,
    throws: true,
  })
  const scratchDir = track.side.scratchDir()
  let verified = -1
  bench.add(
    `${track.side.origin} ${track.strategy}`,
    async () => {
      const index = sampleIndex++
      const reply = await track.side.batch(track.strategy, round.sample(index, calls), timeoutMs)
      if ('failure' in reply) throw new BenchFailure(reply.failure)
      reply.values.forEach((value, call) => {
        const wrong = round.verify(index, call, value, scratchDir)
        if (wrong) throw new BenchFailure(`returned a wrong result during the benchmark: ${wrong}`)
      })
      verified = index
    },
    // Outside the timed region: tinybench runs task hooks between samples.
    { afterEach: () => round.afterSample?.(verified, scratchDir) },
  )
  const cpuBefore = track.side.cpuMs()
  const wallBefore = performance.now()
  try {
    await bench.run()
  } catch (error) {
    track.failure =
      error instanceof BenchFailure ? error.message : `benchmark error: ${(error as Error).message}`
    return
  }
  track.cpuMs += track.side.cpuMs() - cpuBefore
  track.wallMs += performance.now() - wallBefore
  const result = bench.tasks[0]?.result
  if (result?.state !== 'completed') {
    track.failure = `benchmark ended in state ${result?.state ?? 'unknown'}`
    return
  }
  if (samples <= 2) return // warm-up only: nothing recorded
  track.roundMs.push(result.latency.p50 / calls)
  track.samplesMs.push(...(result.latency.samples ?? []).map((ms) => ms / calls))
  track.rme.push(result.latency.rme)
}

function estimate(ratios: number[], input: BenchInput, salt: number): RatioEstimate {
  const { confidence, resamples } = input.settings
  return estimateRatio(ratios, { confidence, resamples, seed: (input.seed ^ salt) >>> 0 })
}

/** Stop early once every student/reference ratio is known precisely enough. */
function settled(tracks: Track[], input: BenchInput, settings: BenchSettings): boolean {
  return input.strategies.every((strategy, i) => {
    const [student, reference] = [input.student, input.reference].map((side) =>
      tracks.find((t) => t.side === side && t.strategy === strategy),
    )
    if (!student || !reference || student.failure || student.skipped || reference.failure) return true
    const ratio = estimate(pairedRatios(student.roundMs, reference.roundMs), input, i)
    return relativeWidth(ratio) <= settings.maxRelativeWidth
  })
}

function timing(track: Track, itemsPerCall: number, speedup: RatioEstimate | undefined): StrategyTiming {
  const base = { strategy: track.strategy, origin: track.side.origin }
  if (track.skipped) return { ...base, state: 'skipped', reason: track.skipped }
  if (track.failure || track.roundMs.length === 0) {
    return { ...base, state: 'failed', reason: track.failure ?? 'no rounds were timed' }
  }
  const sorted = [...track.samplesMs].sort((a, b) => a - b)
  const p50 = quantile(sorted, 0.5)
  return {
    ...base,
    state: 'completed',
    latencyMs: {
      mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
      p50,
      p75: quantile(sorted, 0.75),
      p99: quantile(sorted, 0.99),
      rme: median(track.rme),
      samples: sorted.length,
    },
    roundMs: track.roundMs,
    samplesMs: track.samplesMs,
    itemsPerSecond: itemsPerCall / (median(track.roundMs) / 1000),
    // No CPU time where the processes cannot be listed (NaN): the report shows none.
    ...(track.wallMs > 0 && Number.isFinite(track.cpuMs) ? { cpuPerWall: track.cpuMs / track.wallMs } : {}),
    ...(speedup ? { speedup } : {}),
  }
}

function summarize(
  input: BenchInput,
  tracks: Track[],
  rounds: number,
  callsPerSample: number,
  notes: string[],
): ExerciseBench {
  const itemsPerCall = input.definition.itemsPerCall(input.size)
  const find = (side: BenchSide, strategy: Strategy): Track =>
    tracks.find((t) => t.side === side && t.strategy === strategy)!
  const ok = (t: Track): boolean => !t.failure && !t.skipped && t.roundMs.length > 0
  // Both sides' speed-ups are over the faster sequential time of each round, the student's or the reference's (the
  // best serial time, as courses grade it), so that a slow sequential strategy cannot buy a speed-up, and the
  // reference graded against itself is not judged against a baseline that favours it (a minimum of two noisy times
  // against one of them).
  const baselineRounds = (): number[] | undefined => {
    const [student, reference] = [find(input.student, 'sequential'), find(input.reference, 'sequential')]
    if (!ok(reference)) return ok(student) ? student.roundMs : undefined
    if (!ok(student)) return reference.roundMs
    return reference.roundMs.map((ms, i) => Math.min(ms, student.roundMs[i] ?? ms))
  }
  const speedupRounds = (side: BenchSide, strategy: Strategy): number[] | undefined => {
    const [baseline, par] = [baselineRounds(), find(side, strategy)]
    return strategy !== 'sequential' && baseline && ok(par) ? pairedRatios(baseline, par.roundMs) : undefined
  }
  const timings: StrategyTiming[] = []
  const ratioToReference: ExerciseBench['ratioToReference'] = {}
  const speedupRatio: ExerciseBench['speedupRatio'] = {}
  input.strategies.forEach((strategy, i) => {
    for (const side of [input.student, input.reference]) {
      const rounds = speedupRounds(side, strategy)
      timings.push(
        timing(find(side, strategy), itemsPerCall, rounds ? estimate(rounds, input, 0x5bd1 + i) : undefined),
      )
    }
    const [student, reference] = [find(input.student, strategy), find(input.reference, strategy)]
    if (ok(student) && ok(reference)) {
      ratioToReference[strategy] = estimate(pairedRatios(student.roundMs, reference.roundMs), input, i)
    }
    const [studentUp, referenceUp] = [
      speedupRounds(input.student, strategy),
      speedupRounds(input.reference, strategy),
    ]
    if (studentUp && referenceUp)
      speedupRatio[strategy] = estimate(pairedRatios(studentUp, referenceUp), input, 0x77 + i)
  })
  return {
    exerciseId: input.exerciseId,
    size: input.size,
    itemsPerCall,
    itemLabel: input.definition.itemLabel,
    callsPerSample,
    rounds,
    timings,
    ratioToReference,
    speedupRatio,
    cores: input.cores,
    notes,
  }
}
