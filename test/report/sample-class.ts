import type {
  ClassRun,
  ExerciseId,
  MachineInfo,
  Strategy,
  StudentRow,
  StudentStatus,
} from '../../grader/types.js'

// A realistic class run for the class report tests: 13 students over three exercises, two shards, every status.

type Check = StudentRow['checks'][number]
type Speed = StudentRow['speed'][number]

const specs: [ExerciseId, string, string, string, number, Check['kind']?][] = [
  ['sum', 'sequential', 'small', 'sums a small array', 2],
  ['sum', 'sequential', 'empty', 'returns 0 for an empty array', 2],
  ['sum', 'parallel', 'small', 'sums a small array', 2],
  ['sum', 'parallel', 'remainder-not-divisible', 'length not divisible by the worker count', 3],
  ['sum', 'parallel', 'worker-throws', 'reports a failing worker as a rejected promise', 2],
  ['sum', 'concurrent', 'small', 'sums a small array', 2],
  ['sum', 'parallel', 'speed-parallel', 'speed against the reference', 4, 'speed'],
  ['sum', 'concurrent', 'speed-concurrent', 'speed against the reference', 4, 'speed'],
  ['sum', 'all', 'quiz-q1', 'quiz: Which strategy helps a CPU-bound sum on 4 cores?', 1, 'quiz'],
  ['explore', 'sequential', 'reads-every-file', 'reads every file', 3],
  ['explore', 'sequential', 'skips-symlinks', 'skips symlinks', 3],
  ['explore', 'concurrent', 'counts-lines', 'counts lines', 3],
  ['explore', 'concurrent', 'handles-empty', 'handles empty files', 3],
  ['explore', 'concurrent', 'keeps-order', 'keeps order', 3],
  ['greyscale', 'sequential', 'luma', 'converts with the Rec. 601 luma weights', 3],
  ['greyscale', 'parallel', 'converts-all', 'converts every image', 3],
  ['greyscale', 'parallel', 'pool-reuse', 'reuses one pool across calls', 2],
]

export const sampleExercises: ExerciseId[] = ['sum', 'explore', 'greyscale']
export const xssId = '<script>alert(1)</script>'
export const quoteId = `o'brien "obi"`

interface StudentSpec {
  id: string
  pseudonym: string
  status?: StudentStatus
  reason?: string
  /** Check ids failed (all of them: '*'); a check id missing from `ran` was never run. */
  failed: string[] | '*'
  /** Check ids that ran, when not all did (a timed-out student). */
  ran?: string[]
  /** sum: [ratio sequential, ratio parallel, speed-up parallel, ratio concurrent, speed-up concurrent], greyscale parallel [ratio, speed-up]. */
  speed?: [number, number, number, number, number, number?, number?]
  report?: boolean
  shard: number
}

const students: StudentSpec[] = [
  {
    id: 'ana.garcia',
    pseudonym: 'amber-falcon',
    failed: [],
    speed: [0.97, 0.92, 1.92, 0.95, 1.31, 0.88, 3.6],
    shard: 1,
  },
  {
    id: 'ben-okafor',
    pseudonym: 'brisk-otter',
    failed: ['remainder-not-divisible', 'keeps-order'],
    speed: [1.04, 1.12, 1.6, 1.01, 1.24, 1.05, 3.1],
    shard: 1,
  },
  {
    id: 'chloé.dubois',
    pseudonym: 'cedar-lynx',
    failed: ['remainder-not-divisible', 'worker-throws', 'pool-reuse', 'speed-parallel'],
    speed: [1.01, 2.9, 0.66, 1.03, 1.2, 2.4, 1.4],
    shard: 1,
  },
  { id: 'dmitri', pseudonym: 'dusky-heron', failed: '*', shard: 1 },
  {
    id: xssId,
    pseudonym: 'ember-moth',
    failed: ['remainder-not-divisible'],
    speed: [0.99, 1.02, 1.78, 0.98, 1.27, 0.94, 3.3],
    shard: 1,
  },
  {
    id: quoteId,
    pseudonym: 'frost-wren',
    failed: ['keeps-order', 'skips-symlinks', 'quiz-q1'],
    speed: [1.0, 0.97, 1.84, 1.6, 0.8, 1.0, 3.2],
    shard: 1,
  },
  {
    id: 'eve.hung',
    pseudonym: 'gilded-newt',
    status: 'timed-out',
    reason: 'hit the 300 s limit for a submission: explore › concurrent › keeps order never returned',
    failed: ['keeps-order'],
    ran: ['small', 'empty', 'remainder-not-divisible', 'reads-every-file', 'keeps-order'],
    shard: 2,
  },
  {
    id: 'frank.crash',
    pseudonym: 'hazel-ibis',
    status: 'crashed',
    reason: 'the grader could not finish: worker exited with code 134 <SIGABRT> & no results',
    failed: '*',
    ran: [],
    report: false,
    shard: 2,
  },
  {
    id: 'gia.zip',
    pseudonym: 'indigo-koi',
    status: 'unreadable',
    reason: 'corrupt zip: end of central directory record not found',
    failed: '*',
    ran: [],
    report: false,
    shard: 2,
  },
  {
    id: 'hiro.tanaka',
    pseudonym: 'jade-kestrel',
    failed: ['remainder-not-divisible', 'handles-empty'],
    speed: [1.06, 1.08, 1.7, 1.02, 1.22, 1.1, 2.9],
    shard: 2,
  },
  {
    id: 'isla.m',
    pseudonym: 'koral-lark',
    failed: ['keeps-order'],
    speed: [0.95, 0.85, 2.1, 0.9, 1.38, 0.9, 3.5],
    shard: 2,
  },
  {
    id: 'jonas',
    pseudonym: 'lunar-marten',
    failed: [
      'luma',
      'remainder-not-divisible',
      'worker-throws',
      'keeps-order',
      'skips-symlinks',
      'speed-parallel',
    ],
    speed: [1.2, 3.4, 0.62, 1.3, 1.08, 1.6, 2.2],
    shard: 2,
  },
  {
    id: 'kai',
    pseudonym: 'mossy-newt',
    failed: ['remainder-not-divisible', 'pool-reuse'],
    speed: [1.0, 1.0, 1.8, 1.0, 1.25, 1.4, 2.6],
    shard: 2,
  },
]

const referenceSpeedup = { sum: { parallel: 1.86, concurrent: 1.28 }, greyscale: { parallel: 3.4 } }

function speedOf(spec: StudentSpec): Speed[] {
  if (!spec.speed) return []
  const [seqRatio, parRatio, parSpeedup, conRatio, conSpeedup, greyRatio, greySpeedup] = spec.speed
  const row = (
    exerciseId: ExerciseId,
    strategy: Strategy,
    ratio: number,
    speedup?: number,
    ref?: number,
  ): Speed => ({
    exerciseId,
    strategy,
    ratioToReference: ratio,
    ...(speedup === undefined ? {} : { speedup, referenceSpeedup: ref }),
  })
  return [
    row('sum', 'sequential', seqRatio),
    row('sum', 'parallel', parRatio, parSpeedup, referenceSpeedup.sum.parallel),
    row('sum', 'concurrent', conRatio, conSpeedup, referenceSpeedup.sum.concurrent),
    ...(greyRatio === undefined
      ? []
      : [row('greyscale', 'parallel', greyRatio, greySpeedup, referenceSpeedup.greyscale.parallel)]),
  ]
}

const machine = (cpu: string, load: number): MachineInfo => ({
  cpu,
  cores: 4,
  loadAverage: [load, load * 0.8, load * 0.6],
  node: 'v20.20.0',
  platform: 'linux x64',
  memoryGb: 15.6,
})

function row(spec: StudentSpec, bench: boolean): StudentRow {
  const kept = specs.filter(([, , , , , kind]) => bench || kind !== 'speed')
  const ran = kept.filter(([, , id]) => !spec.ran || spec.ran.includes(id))
  const checks: Check[] = ran.map(([exerciseId, strategy, checkId, name, maxPoints, kind]) => {
    const passed = spec.failed !== '*' && !spec.failed.includes(checkId)
    return {
      exerciseId,
      strategy,
      checkId,
      name,
      kind: kind ?? 'correctness',
      status: passed ? 'passed' : 'failed',
      points: passed ? maxPoints : 0,
      maxPoints,
    }
  })
  const exercises = sampleExercises.map((exerciseId) => ({
    exerciseId,
    score: checks.filter((c) => c.exerciseId === exerciseId).reduce((sum, c) => sum + c.points, 0),
    maxScore: kept.filter(([id]) => id === exerciseId).reduce((sum, [, , , , points]) => sum + points, 0),
  }))
  const status = spec.status ?? 'graded'
  return {
    student: spec.id,
    pseudonym: spec.pseudonym,
    status,
    ...(spec.reason ? { reason: spec.reason } : {}),
    score: exercises.reduce((sum, e) => sum + e.score, 0),
    maxScore: exercises.reduce((sum, e) => sum + e.maxScore, 0),
    exercises,
    ...(status === 'unreadable'
      ? {}
      : { submissionHash: `sha256:${spec.pseudonym.length.toString(16).repeat(16)}` }),
    ...(spec.report === false ? {} : { reportPath: `students/${spec.id}/index.html` }),
    checks,
    speed: bench ? speedOf(spec) : [],
    durationMs: status === 'timed-out' ? 300_000 : 4_000 + spec.id.length * 731,
    shard: spec.shard,
  }
}

/** The sample class; `bench: false` is the same class graded with --no-bench (no speed tests, no ratios). */
export function sampleClass({ bench = true }: { bench?: boolean } = {}): ClassRun {
  return {
    schemaVersion: 1,
    graderVersion: '0.1.0',
    startedAt: '2025-11-24T14:05:09.412Z',
    durationMs: 412_800,
    seed: 42,
    secretFingerprint: '3f9c0a12be47',
    size: 'small',
    bench,
    exercises: sampleExercises,
    machines: [
      { shard: 1, machine: machine('AMD EPYC 7763 64-Core Processor', 0.42) },
      { shard: 2, machine: machine('Intel(R) Xeon(R) Platinum 8370C CPU @ 2.80GHz', 0.91) },
    ],
    students: students.map((spec) => row(spec, bench)),
  }
}
