import { mkdir, writeFile } from 'node:fs/promises'
import { availableParallelism, cpus, loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { concurrentSum } from '../solutions/sum/concurrent.js'
import { parallelSum } from '../solutions/sum/parallel.js'
import { sequentialSum } from '../solutions/sum/sequential.js'
import { CpuProbe, MemoryProbe } from './probes.js'
import { choosePython, PythonPeer, type PythonHeader } from './peers.js'
import { equals, runRounds, timeCall, WrongResultError, type Subject } from './rounds.js'
import { createRng as seededRandom, median } from '../grader/util/stats.js'
import { paired, spread, type Spread } from './stats.js'
import {
  formatCount,
  formatMs,
  formatRate,
  formatRatio,
  machineLine,
  ratioTable,
  renderTable,
  significant,
  type Row,
} from './table.js'

export interface SumBenchOptions {
  full: boolean
  peers: boolean
  /** Interleaved rounds (default 21). */
  rounds?: number
  /** Seed of the rounds' random orders (default: from the clock; recorded in the report). */
  seed?: number
  log?: (line: string) => void
}

const n = 10_000_000
const expected = (n * (n + 1)) / 2
const bytes = n * Float64Array.BYTES_PER_ELEMENT
const nodeReps = 5

// Python peers: repetitions per round (the slow course versions once; numpy's few milliseconds more often).
const peerModes = [
  { mode: 'for-loop', label: 'Python for loop (course, sequential)', reps: 1, bytes: undefined },
  {
    mode: 'pool',
    label: 'multiprocessing.Pool over cpu_count chunks (course, parallel)',
    reps: 1,
    bytes: undefined,
  },
  { mode: 'asyncio', label: 'asyncio chunks (course, concurrent)', reps: 1, bytes: undefined },
  { mode: 'numpy-arange', label: 'numpy arange().sum()', reps: 3, bytes: undefined },
  { mode: 'numpy-sum', label: 'numpy sum() of a prebuilt float64 array', reps: 3, bytes },
  { mode: 'builtin', label: 'builtin sum(range())', reps: 1, bytes: undefined },
] as const

type Kind = 'strategy' | 'probe' | 'peer'

interface Measured extends Subject {
  label: string
  kind: Kind
  /** Elements per call, for elements/s (undefined: not an element-wise computation). */
  items?: number
  /** Bytes read per call, for GB/s. */
  bytes?: number
}

interface SubjectFigures {
  label: string
  kind: Kind
  reps: number
  ms: Spread
  elementsPerSecond?: number
  gbPerSecond?: number
  /** Median of per-round (this time / sequentialSum's time). */
  timeOverSequential: number
  rounds: number[]
}

interface RatioFigures extends Spread {
  description: string
  values: number[]
}

interface Target {
  id: string
  description: string
  verdict: 'PASS' | 'MISS' | 'not measured'
  /** The median of the per-round ratios, and their middle half. */
  value?: number
  p25?: number
  p75?: number
  /** The middle half of the rounds falls on both sides of the threshold: another run may well flip the verdict. */
  borderline?: boolean
  threshold: string
  detail: string
}

export interface SumBenchReport {
  exercise: 'sum'
  generatedAt: string
  elapsedSeconds: number
  machine: {
    cpu: string
    cores: number
    node: string
    loadAverageBefore: number[]
    loadAverageAfter: number[]
  }
  settings: {
    n: number
    bytes: number
    expected: number
    layout: string
    rounds: number
    repsPerRound: Record<string, number>
    seed: number
    workers: number
    full: boolean
    fullNote: string
    peers: boolean
  }
  subjects: Record<string, SubjectFigures>
  probes: { memoryBytesRead: number; cpuIterations: number; cpuThreads: number; cpuCalibratedToMs: number }
  ratios: Record<string, RatioFigures>
  peers?: {
    python?: PythonHeader
    command?: string
    warmupSeconds: Record<string, number>
    skipped: Skipped[]
  }
  targets: Target[]
  orders: string[][]
}

interface Skipped {
  peer: string
  reason: string
}

export const fullNote = '--full changes nothing for sum: 10 M values is already the course size'

export async function benchSum(options: SumBenchOptions): Promise<SumBenchReport> {
  const log = options.log ?? ((line: string) => console.log(line))
  const started = performance.now()
  const rounds = options.rounds ?? 21
  const seed = options.seed ?? Date.now() % 2 ** 32
  const workers = availableParallelism()
  const loadAverageBefore = loadavg()

  const values = new Float64Array(new SharedArrayBuffer(bytes))
  for (let i = 0; i < n; i++) values[i] = i + 1

  log(`sum: ${formatCount(n)} integers 1..N in a Float64Array on a SharedArrayBuffer (${bytes / 1e6} MB)`)
  if (options.full) log(`note: ${fullNote}`)

  const memory = new MemoryProbe(values)
  const cpu = new CpuProbe(workers)
  let peer: PythonPeer | undefined
  try {
    const verifySum = equals(expected)
    const subjects: Measured[] = [
      {
        id: 'sequential',
        label: 'sequentialSum',
        kind: 'strategy',
        reps: nodeReps,
        items: n,
        bytes,
        measure: () => timeCall('sequentialSum', () => sequentialSum(values), verifySum),
      },
      {
        id: 'parallel',
        label: `parallelSum (${workers} worker${workers === 1 ? '' : 's'})`,
        kind: 'strategy',
        reps: nodeReps,
        items: n,
        bytes,
        measure: () => timeCall('parallelSum', () => parallelSum(values, { workers }), verifySum),
      },
      {
        id: 'concurrent',
        label: 'concurrentSum (default chunks)',
        kind: 'strategy',
        reps: nodeReps,
        items: n,
        bytes,
        measure: () => timeCall('concurrentSum', () => concurrentSum(values), verifySum),
      },
      {
        id: 'memory-probe',
        label: `memory read: Buffer.equals (memcmp, ${memory.bytesRead / 1e6} MB read)`,
        kind: 'probe',
        reps: nodeReps,
        bytes: memory.bytesRead,
        measure: () =>
          timeCall(
            'memory probe',
            () => memory.run(),
            (same) => (same ? undefined : 'the copy differs from the values'),
          ),
      },
      {
        id: 'cpu-1',
        label: 'CPU hash loop, 1 worker thread',
        kind: 'probe',
        reps: nodeReps,
        measure: () => timeCall('CPU probe (1 thread)', () => cpu.one(), equals(cpu.expectedOne)),
      },
      {
        id: 'cpu-n',
        label: `CPU hash loop, same work on ${workers} worker thread${workers === 1 ? '' : 's'}`,
        kind: 'probe',
        reps: nodeReps,
        measure: () => timeCall(`CPU probe (${workers} threads)`, () => cpu.all(), equals(cpu.expectedAll)),
      },
    ]
    const byId = (id: string): Measured => subjects.find((subject) => subject.id === id)!

    // Warm-up: JIT, the pools' threads started (through tsx, ~0.3 s each), page faults of the copy.
    log('warming up (pools started, JIT settled) …')
    for (const id of ['sequential', 'parallel', 'concurrent', 'memory-probe']) {
      for (let i = 0; i < 5; i++) await byId(id).measure()
    }
    // The CPU probe's work is fixed for the run, sized to take about as long as sequentialSum on one thread, so
    // that the fixed costs of a pool round trip weigh the same on both speed-ups.
    const sequentialMs: number[] = []
    for (let i = 0; i < 7; i++) sequentialMs.push(await byId('sequential').measure())
    const targetMs = Math.min(25, Math.max(2, median(sequentialMs)))
    cpu.setIterations(1 << 20)
    for (let i = 0; i < 5; i++) await cpu.all()
    for (let pass = 0; pass < 3; pass++) {
      const oneMs: number[] = []
      for (let i = 0; i < 5; i++) oneMs.push(await byId('cpu-1').measure())
      cpu.setIterations(Math.round((cpu.iterations * targetMs) / median(oneMs)))
    }
    for (const id of ['cpu-1', 'cpu-n']) for (let i = 0; i < 3; i++) await byId(id).measure()

    // Peers: the project's own Python rebuild of the course, in one long-lived process taking turns with us.
    const skipped: Skipped[] = []
    const warmupSeconds: Record<string, number> = {}
    let command: string | undefined
    if (options.peers) {
      const python = choosePython()
      if (python === undefined) {
        skipped.push(
          ...peerModes.map(({ label }) => ({
            peer: label,
            reason: 'no python3 found (/usr/bin/python3 nor PATH)',
          })),
        )
      } else {
        command = python.command
        log(`starting the Python peers (${python.executable}) …`)
        peer = await PythonPeer.start(python.command, n)
        const running = peer
        for (const { mode, label, reps, bytes: peerBytes } of peerModes) {
          if (mode.startsWith('numpy') && !python.hasNumpy) {
            skipped.push({ peer: label, reason: `numpy: ${python.numpyMissing ?? 'not installed'}` })
            continue
          }
          const reply = await running.measure(mode)
          if (reply.seconds === undefined) {
            skipped.push({ peer: label, reason: reply.skipped ?? reply.error ?? 'no answer' })
            continue
          }
          warmupSeconds[mode] = reply.seconds
          subjects.push({
            id: `python:${mode}`,
            label,
            kind: 'peer',
            reps,
            items: n,
            bytes: peerBytes,
            measure: async () => {
              const answer = await running.measure(mode)
              if (answer.seconds === undefined) {
                throw new WrongResultError(`Python ${mode}: ${answer.error ?? answer.skipped ?? 'no answer'}`)
              }
              return answer.seconds * 1000
            },
          })
        }
      }
    }

    const peerReps = subjects.filter((subject) => subject.kind === 'peer').map((subject) => subject.reps)
    log(
      `timing: ${rounds} rounds in random order (seed ${seed}); per round each subject ${nodeReps}×` +
        (peerReps.length > 0 ? ` (Python peers ${Math.min(...peerReps)}–${Math.max(...peerReps)}×)` : '') +
        ', repetitions interleaved, median kept',
    )
    const progress = process.stderr.isTTY
      ? (round: number, total: number) =>
          process.stderr.write(`\r  round ${round}/${total}${round === total ? '\n' : ''}`)
      : undefined
    const result = await runRounds(subjects, { rounds, random: seededRandom(seed), onRound: progress })

    // Figures.
    const series = result.series
    const figures: Record<string, SubjectFigures> = {}
    for (const subject of subjects) {
      const ms = spread(series[subject.id]!)
      const seconds = ms.median / 1000
      figures[subject.id] = {
        label: subject.label,
        kind: subject.kind,
        reps: subject.reps,
        ms,
        elementsPerSecond: subject.items === undefined ? undefined : subject.items / seconds,
        gbPerSecond: subject.bytes === undefined ? undefined : subject.bytes / seconds / 1e9,
        timeOverSequential: median(paired(series, [subject.id, 'sequential'], ([t, seq]) => t! / seq!)),
        rounds: series[subject.id]!,
      }
    }

    const ratio = (description: string, ids: string[], f: (t: number[]) => number): RatioFigures => {
      const ratioValues = paired(series, ids, f)
      return { description, ...spread(ratioValues), values: ratioValues }
    }
    const ratios: Record<string, RatioFigures> = {
      memoryProbeOverSequential: ratio(
        "memory probe's read GB/s / sequentialSum's GB/s",
        ['memory-probe', 'sequential'],
        ([mem, seq]) => memory.bytesRead / mem! / (bytes / seq!),
      ),
      parallelSpeedup: ratio(
        'parallelSum speed-up (sequential ms / parallel ms)',
        ['sequential', 'parallel'],
        ([seq, par]) => seq! / par!,
      ),
      cpuProbeSpeedup: ratio(
        `CPU probe speed-up (1 thread ms / ${workers} threads ms)`,
        ['cpu-1', 'cpu-n'],
        ([one, all]) => one! / all!,
      ),
      speedupOverProbe: ratio(
        "parallelSum's speed-up / the CPU probe's speed-up",
        ['sequential', 'parallel', 'cpu-1', 'cpu-n'],
        ([seq, par, one, all]) => seq! / par! / (one! / all!),
      ),
    }
    if (series['python:numpy-arange'] !== undefined) {
      ratios.numpyArangeOverSequential = ratio(
        'numpy arange().sum() ms / sequentialSum ms',
        ['python:numpy-arange', 'sequential'],
        ([np, seq]) => np! / seq!,
      )
    }
    if (series['python:numpy-sum'] !== undefined) {
      ratios.numpySumOverSequential = ratio(
        'numpy sum() of a prebuilt array ms / sequentialSum ms',
        ['python:numpy-sum', 'sequential'],
        ([np, seq]) => np! / seq!,
      )
    }
    if (series['python:for-loop'] !== undefined) {
      ratios.pythonLoopOverSequential = ratio(
        'Python for loop ms / sequentialSum ms',
        ['python:for-loop', 'sequential'],
        ([py, seq]) => py! / seq!,
      )
    }

    const targets = judge(ratios, figures, { workers, peers: options.peers, skipped })
    const report: SumBenchReport = {
      exercise: 'sum',
      generatedAt: new Date().toISOString(),
      elapsedSeconds: (performance.now() - started) / 1000,
      machine: {
        cpu: cpus()[0]?.model.trim() ?? 'unknown',
        cores: workers,
        node: process.version,
        loadAverageBefore,
        loadAverageAfter: loadavg(),
      },
      settings: {
        n,
        bytes,
        expected,
        layout: 'Float64Array on a SharedArrayBuffer, values 1..N',
        rounds,
        repsPerRound: Object.fromEntries(subjects.map((subject) => [subject.id, subject.reps])),
        seed,
        workers,
        full: options.full,
        fullNote,
        peers: options.peers,
      },
      subjects: figures,
      probes: {
        memoryBytesRead: memory.bytesRead,
        cpuIterations: cpu.iterations,
        cpuThreads: workers,
        cpuCalibratedToMs: targetMs,
      },
      ratios,
      peers: options.peers ? { python: peer?.header, command, warmupSeconds, skipped } : undefined,
      targets,
      orders: result.orders,
    }
    for (const line of render(report)) log(line)
    return report
  } finally {
    await Promise.all([cpu.destroy(), peer?.close()])
  }
}

function judge(
  ratios: Record<string, RatioFigures>,
  figures: Record<string, SubjectFigures>,
  context: { workers: number; peers: boolean; skipped: Skipped[] },
): Target[] {
  const gb = (id: string): string => significant(figures[id]?.gbPerSecond ?? Number.NaN)
  /** PASS/MISS on the median; borderline when the rounds' middle half lies on both sides of the limit. */
  const measured = (
    target: Pick<Target, 'id' | 'description' | 'detail'>,
    ratio: RatioFigures,
    limit: number,
    atMost: boolean,
  ): Target => {
    const passes = (value: number): boolean => (atMost ? value <= limit : value >= limit)
    return {
      ...target,
      verdict: passes(ratio.median) ? 'PASS' : 'MISS',
      value: ratio.median,
      p25: ratio.p25,
      p75: ratio.p75,
      borderline: passes(ratio.p25) !== passes(ratio.p75),
      threshold: `${atMost ? '≤' : '≥'} ${limit}`,
    }
  }
  const unmeasured = (target: Pick<Target, 'id' | 'description' | 'detail' | 'threshold'>): Target => ({
    ...target,
    verdict: 'not measured',
  })

  const probe = ratios.cpuProbeSpeedup!.median
  const speedup = {
    id: 'parallel-speedup-vs-cpu-probe',
    description: "parallelSum's speed-up ≥ 85% of the CPU probe's",
  }
  const numpy = ratios.numpyArangeOverSequential
  const numpyTarget = {
    id: 'sequential-vs-numpy',
    description: 'sequentialSum no slower than numpy arange().sum()',
  }
  const numpySkipped = context.skipped.find((skip) => skip.peer === 'numpy arange().sum()')
  return [
    measured(
      {
        id: 'sequential-vs-memory-probe',
        description: 'sequentialSum within 2× of the memory-read probe',
        detail: `memcmp reads ${gb('memory-probe')} GB/s, sequentialSum ${gb('sequential')} GB/s`,
      },
      ratios.memoryProbeOverSequential!,
      2,
      true,
    ),
    context.workers < 2
      ? unmeasured({ ...speedup, threshold: '≥ 0.85', detail: 'not measurable here: one core' })
      : measured(
          {
            ...speedup,
            detail:
              `parallelSum's speed-up ${significant(ratios.parallelSpeedup!.median)}, the CPU probe's ${significant(probe)}` +
              (probe < 1.2 ? ' (the machine gave little parallelism during this run)' : ''),
          },
          ratios.speedupOverProbe!,
          0.85,
          false,
        ),
    numpy === undefined
      ? unmeasured({
          ...numpyTarget,
          threshold: '≥ 1',
          detail: context.peers
            ? `skipped: ${numpySkipped?.reason ?? 'numpy did not run'}`
            : 'run with --peers',
        })
      : measured(
          {
            ...numpyTarget,
            detail: `numpy arange().sum() takes ${formatRatio(numpy.median)} sequentialSum's time`,
          },
          numpy,
          1,
          false,
        ),
  ]
}

function render(report: SumBenchReport): string[] {
  const { subjects, ratios, settings, machine } = report
  const row = (id: string): string[] => {
    const figures = subjects[id]!
    return [
      `  ${figures.label}`,
      formatMs(figures.ms.median),
      `${formatMs(figures.ms.p25)}–${formatMs(figures.ms.p75)}`,
      formatRate(figures.elementsPerSecond),
      figures.gbPerSecond === undefined ? '—' : figures.gbPerSecond.toFixed(2),
      id === 'sequential' ? '1' : formatRatio(figures.timeOverSequential),
    ]
  }
  const ids = (kind: Kind) => Object.keys(subjects).filter((id) => subjects[id]!.kind === kind)
  const rows: Row[] = [
    { section: 'reference strategies' },
    ...ids('strategy').map(row),
    { section: 'probes' },
    ...ids('probe').map(row),
  ]
  const peers = report.peers
  if (peers !== undefined) {
    const python = peers.python
    rows.push({
      section: python
        ? `peers: Python ${python.python} (${python.executable})${python.numpy ? `, numpy ${python.numpy}` : ''}; timed inside Python`
        : 'peers',
    })
    rows.push(...ids('peer').map(row))
    const firstCalls = Object.entries(peers.warmupSeconds).map(
      ([mode, seconds]) => `${mode} ${formatMs(seconds * 1000)}`,
    )
    if (firstCalls.length > 0)
      rows.push({ section: `  first calls, ms (warm-up, not counted): ${firstCalls.join(', ')}` })
    for (const skip of peers.skipped) rows.push({ section: `  skipped: ${skip.peer} — ${skip.reason}` })
  }
  const verdictWidth = Math.max(...report.targets.map((target) => target.verdict.length))
  const lines = [
    '',
    machineLine(machine),
    `${settings.rounds} interleaved rounds (seed ${settings.seed}); ms: medians over rounds of each round's median; time/seq: median of per-round time / sequentialSum's`,
    '',
    renderTable(
      [
        { header: 'sum, 10 M values' },
        { header: 'median ms', align: 'right' },
        { header: 'p25–p75 ms', align: 'right' },
        { header: 'elements/s', align: 'right' },
        { header: 'GB/s', align: 'right' },
        { header: 'time/seq', align: 'right' },
      ],
      rows,
    ),
    '',
    ratioTable(Object.values(ratios), true),
    '',
    'targets',
    ...report.targets.map(
      (target) =>
        `  ${target.verdict.padEnd(verdictWidth)}  ${target.description} (${target.threshold}): ${
          target.value === undefined
            ? ''
            : `${significant(target.value)} (p25–p75 ${significant(target.p25!)}–${significant(target.p75!)}) — `
        }${target.detail}${target.borderline === true ? '; borderline: the rounds fall on both sides' : ''}`,
    ),
  ]
  if (settings.full) lines.push('', `note: ${settings.fullNote}`)
  return lines
}

export const reportFile = fileURLToPath(new URL('../reports/bench/sum.json', import.meta.url))

export async function writeSumReport(report: SumBenchReport): Promise<string> {
  await mkdir(new URL('../reports/bench/', import.meta.url), { recursive: true })
  await writeFile(reportFile, `${JSON.stringify(report, null, 2)}\n`)
  return reportFile
}
