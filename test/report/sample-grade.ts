import type {
  CheckResult,
  ExerciseBench,
  Origin,
  RatioEstimate,
  Strategy,
  StrategyTiming,
  SubmissionGrade,
} from '../../grader/types.js'

// A realistic graded submission for the report tests: 37.5 / 52 over two exercises.

export const sampleStderr = [
  'file:///sandbox/exercises/sum/sum.worker.ts:12',
  "    throw new Error('<script>alert(1)</script>')",
  '    ^',
  'Error: <script>alert(1)</script>',
  '    at sumChunk (exercises/sum/sum.worker.ts:12:11)',
].join('\n')

export const sampleTypeWarning =
  "exercises/sum/parallel.ts(8,7): error TS2322: Type 'string' is not assignable to type 'number'. <img src=x onerror=alert(2)>"

const ratio = (median: number, low: number, high: number): RatioEstimate => ({
  median,
  low,
  high,
  rounds: 20,
  confidence: 0.95,
})

function check(
  strategy: string,
  checkId: string,
  name: string,
  points: number,
  maxPoints: number,
  extra: Partial<CheckResult> = {},
): CheckResult {
  return {
    exerciseId: 'sum',
    strategy,
    checkId,
    name,
    kind: 'correctness',
    status: points >= maxPoints ? 'passed' : 'failed',
    points,
    maxPoints,
    visibility: 'visible',
    ...extra,
  }
}

const sumChecks: CheckResult[] = [
  check('sequential', 'small', 'sums a small array', 2, 2),
  check('sequential', 'empty', 'returns 0 for an empty array', 2, 2),
  check('parallel', 'remainder-not-divisible', 'length not divisible by the worker count', 0, 3, {
    message:
      'expected 500000500000\nreceived 499999500001 (off by 1000000 — the last 1 values were not summed)',
    hint: 'The last chunk must take the remainder: length % workers values are dropped when every chunk has floor(length / workers) values.',
  }),
  check('parallel', 'small', 'sums a small array', 2, 2),
  check('parallel', 'worker-throws', 'reports a failing worker as a rejected promise', 0, 2, {
    message: 'the call crashed (exit code 1) instead of rejecting',
    stderrTail: sampleStderr,
  }),
  check('parallel', 'large', 'sums 10 million values', 3, 3, { visibility: 'after_published' }),
  check('concurrent', 'small', 'sums a small array', 2, 2),
  check('sequential', 'speed-sequential', 'speed against the reference', 4, 4, {
    kind: 'speed',
    verdict: 'equal',
    ratio: ratio(1.02, 0.97, 1.06),
    message: "median time per call: yours 4.18 ms, the reference's 4.09 ms: equal.",
  }),
  check('parallel', 'speed-parallel', 'speed against the reference', 1.5, 4, {
    kind: 'speed',
    verdict: 'slower',
    ratio: ratio(1.62, 1.48, 1.79),
    message: "median time per call: yours 3.70 ms, the reference's 2.29 ms: slower.",
    hint: 'Creating a new pool on every call costs more than the work: create it once, at module level.',
  }),
  check('parallel', 'speedup-parallel', 'speed-up over sequential', 3, 3, {
    kind: 'speed',
    verdict: 'inconclusive',
    ratio: ratio(0.63, 0.41, 1.12),
  }),
  check('concurrent', 'speed-concurrent', 'speed against the reference', 4, 4, {
    kind: 'speed',
    verdict: 'faster',
    ratio: ratio(0.81, 0.74, 0.88),
  }),
  check('concurrent', 'speedup-concurrent', 'speed-up over sequential', 0, 3, {
    kind: 'speed',
    verdict: 'not-measurable',
    message: 'your sequential strategy could not be timed, so there is no speed-up to measure',
  }),
  check('all', 'quiz-q1', 'quiz: Which strategy helps a CPU-bound sum on 4 cores?', 1, 1, { kind: 'quiz' }),
  check('all', 'quiz-q2', 'quiz: What does Promise.all add to a CPU-bound loop?', 0, 1, {
    kind: 'quiz',
    message: 'you chose a: concurrency interleaves waiting, it does not add cores',
  }),
  check('all', 'quiz-q3', 'quiz: Why transfer an ArrayBuffer rather than copy it?', 1, 1, { kind: 'quiz' }),
]

// Deterministic per-round scatter around a median.
const rounds = (median: number, spread: number): number[] =>
  Array.from({ length: 20 }, (_, i) => Number((median * (1 + spread * Math.sin(i * 2.3))).toFixed(3)))

function timing(
  strategy: Strategy,
  origin: Origin,
  p50: number,
  cpuPerWall: number,
  speedup?: RatioEstimate,
): StrategyTiming {
  return {
    strategy,
    origin,
    state: 'completed',
    latencyMs: { mean: p50 * 1.03, p50, p75: p50 * 1.08, p99: p50 * 1.4, rme: 2.4, samples: 200 },
    roundMs: rounds(p50, origin === 'student' ? 0.12 : 0.05),
    itemsPerSecond: 1_000_000 / (p50 / 1000),
    cpuPerWall,
    ...(speedup ? { speedup } : {}),
  }
}

const sumBench: ExerciseBench = {
  exerciseId: 'sum',
  size: 'small',
  itemsPerCall: 1_000_000,
  itemLabel: 'values',
  callsPerSample: 10,
  rounds: 20,
  timings: [
    timing('sequential', 'student', 4.18, 1.0, ratio(1, 1, 1)),
    timing('sequential', 'reference', 4.09, 1.0, ratio(1, 1, 1)),
    timing('parallel', 'student', 3.7, 1.7, ratio(1.13, 0.98, 1.3)),
    timing('parallel', 'reference', 2.29, 1.9, ratio(1.79, 1.7, 1.86)),
    timing('concurrent', 'student', 3.38, 1.0, ratio(1.24, 1.15, 1.31)),
    timing('concurrent', 'reference', 4.17, 1.0, ratio(0.98, 0.96, 1.01)),
  ],
  ratioToReference: {
    sequential: ratio(1.02, 0.97, 1.06),
    parallel: ratio(1.62, 1.48, 1.79),
    concurrent: ratio(0.81, 0.74, 0.88),
  },
  speedupRatio: { parallel: ratio(0.63, 0.41, 1.12), concurrent: ratio(1.27, 1.17, 1.35) },
  cores: 2,
  notes: ['Load average was 0.4 when the benchmark started.'],
}

const exploreChecks: CheckResult[] = [
  'reads every file',
  'skips symlinks',
  'counts lines',
  'handles empty files',
  'keeps order',
].map((name, i): CheckResult => ({
  exerciseId: 'explore',
  strategy: i < 3 ? 'sequential' : 'concurrent',
  checkId: `check-${i}`,
  name,
  kind: 'correctness',
  status: i === 4 ? 'failed' : 'passed',
  points: i === 4 ? 0 : 3,
  maxPoints: 3,
  visibility: 'visible',
  ...(i === 4 ? { message: 'expected [a.txt, b.txt, c.txt]\nreceived [b.txt, a.txt, c.txt]' } : {}),
}))

export function sampleGrade(): SubmissionGrade {
  return {
    schemaVersion: 1,
    graderVersion: '0.1.0',
    student: "ana.o'neil",
    origin: 'student',
    submissionDir: '/srv/submissions/ana.oneil',
    submissionHash: '9f2c4e1ab37d5c08e6f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7',
    startedAt: '2025-11-24T16:37:12.345Z',
    durationMs: 48_250,
    seed: 42,
    size: 'small',
    bench: true,
    sandbox: {
      mode: 'permission-model',
      guarantees: ['no writes outside the scratch folder', 'no child processes', 'memory capped at 512 MB'],
      dropped: ['network is not blocked (bubblewrap unavailable)', 'signals to the grader are not blocked'],
    },
    machine: {
      cpu: 'AMD EPYC 7763 64-Core Processor',
      cores: 2,
      loadAverage: [0.42, 0.61, 0.55],
      node: 'v20.20.0',
      platform: 'linux x64',
      memoryGb: 7.8,
    },
    exercises: [
      {
        exerciseId: 'sum',
        title: 'Sum of an array',
        checks: sumChecks,
        bench: sumBench,
        typeWarnings: [sampleTypeWarning],
        score: 25.5,
        maxScore: 37,
      },
      {
        exerciseId: 'explore',
        title: 'Explore a folder tree',
        checks: exploreChecks,
        typeWarnings: [],
        score: 12,
        maxScore: 15,
      },
    ],
    score: 37.5,
    maxScore: 52,
    regradeCommand:
      'PARLAB_SECRET="$PARLAB_SECRET" npm run grade -- --submission /srv/submissions/ana.oneil --seed 42 --size small',
  }
}
