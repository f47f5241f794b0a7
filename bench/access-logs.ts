// `npm run bench -- --only access-logs [--full] [--peers]`: the reference strategies on one generated log (2 M
// lines; 10 M with --full) against what the machine can read, a CPU-bound probe's speed-up and, with --peers, the
// course's Python, awk and GoAccess, all in the same interleaved rounds.
import { spawnSync } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { closeSync, openSync, readSync, statSync } from 'node:fs'
import { availableParallelism, cpus, loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { isDeepStrictEqual } from 'node:util'
import { createRng, median } from '../grader/util/stats.js'
import { analyzeLogsConcurrent } from '../solutions/access-logs/concurrent.js'
import { analyzeLogsParallel } from '../solutions/access-logs/parallel.js'
import { analyzeLogsSequential } from '../solutions/access-logs/sequential.js'
import type { LogReport } from '../solutions/access-logs/types.js'
import { benchLog } from './access-logs-data.js'
import { peersFor, readProbes, removeScratch, type Peer, type Skipped } from './access-logs-peers.js'
import { CpuProbe } from './probes.js'
import { runRounds, timeCall, WrongResultError, type Subject } from './rounds.js'
import { paired, spread, type Spread } from './stats.js'
import {
  formatMs,
  formatRate,
  formatRatio,
  machineLine,
  ratioTable,
  renderTable,
  significant,
  type Row,
} from './table.js'

export interface AccessLogsBenchOptions {
  full: boolean
  peers: boolean
  rounds?: number
  seed?: number
  log?: (line: string) => void
}

type Kind = 'strategy' | 'probe' | 'peer'

interface Measured extends Subject {
  label: string
  kind: Kind
  /** Lines and bytes per call, for the rates (undefined for the CPU probe). */
  lines?: number
  bytes?: number
}

interface Figures {
  label: string
  kind: Kind
  ms: Spread
  linesPerSecond?: number
  mbPerSecond?: number
  timeOverSequential: number
}

interface Ratio extends Spread {
  description: string
}

interface Target {
  description: string
  verdict: 'PASS' | 'MISS' | 'reported' | 'not measured'
  detail: string
}

export interface AccessLogsBenchReport {
  exercise: 'access-logs'
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
    file: string
    lines: number
    bytes: number
    rounds: number
    seed: number
    workers: number
    peers: boolean
  }
  subjects: Record<string, Figures>
  ratios: Record<string, Ratio>
  memory: Record<string, number>
  skipped: Skipped[]
  targets: Target[]
}

/** The read limit in Node: the same file streamed in 1 MB blocks, newlines counted natively. */
function countNewlines(file: string): number {
  const fd = openSync(file, 'r')
  const block = Buffer.allocUnsafe(1 << 20)
  let lines = 0
  try {
    for (let read = readSync(fd, block); read > 0; read = readSync(fd, block)) {
      for (let at = block.indexOf(10); at >= 0 && at < read; at = block.indexOf(10, at + 1)) lines++
    }
  } finally {
    closeSync(fd)
  }
  return lines
}

/** Peak resident memory of each strategy, run once in a fresh process (its worker threads included). */
function peakMemory(file: string): Record<string, number> {
  const script = fileURLToPath(new URL('./access-logs-rss.ts', import.meta.url))
  const memory: Record<string, number> = {}
  for (const strategy of ['sequential', 'parallel', 'concurrent']) {
    const run = spawnSync(process.execPath, ['--import', 'tsx', script, strategy, file], { encoding: 'utf8' })
    const line = run.stdout.trim().split('\n').at(-1) ?? ''
    if (run.status === 0 && line.startsWith('{'))
      memory[strategy] = (JSON.parse(line) as { maxRssMb: number }).maxRssMb
  }
  return memory
}

const peerSubject = (
  peer: Peer,
  lines: number,
  bytes: number,
  check: (stdout: string) => string | undefined,
): Measured => ({
  id: peer.id,
  label: peer.label,
  kind: peer.kind,
  reps: peer.kind === 'probe' ? 3 : 1,
  lines,
  bytes,
  measure: async () => {
    const { ms, stdout } = await peer.run()
    const wrong = check(stdout)
    if (wrong) throw new WrongResultError(`${peer.label}: ${wrong}`)
    return ms
  },
})

export async function benchAccessLogs(options: AccessLogsBenchOptions): Promise<AccessLogsBenchReport> {
  const log = options.log ?? ((line: string) => console.log(line))
  const started = performance.now()
  const lines = options.full ? 10_000_000 : 2_000_000
  const file = await benchLog(lines, log)
  const bytes = statSync(file).size
  const workers = availableParallelism()
  const rounds = options.rounds ?? (options.peers ? 5 : 7)
  const seed = options.seed ?? Date.now() % 2 ** 32
  const loadAverageBefore = loadavg()
  log(`access-logs: ${lines.toLocaleString('en-US')} lines, ${(bytes / 1e6).toFixed(0)} MB (${file})`)

  const expected = await analyzeLogsSequential([file])
  const same = (label: string) => (report: LogReport) =>
    isDeepStrictEqual(report, expected) ? undefined : `${label} differs from the sequential strategy's report`
  const cpu = new CpuProbe(workers)
  const { peers, skipped, scratch } = options.peers
    ? peersFor(file)
    : { peers: [], skipped: [] as Skipped[], scratch: undefined }
  const pythonRss: Record<string, number> = {}
  try {
    const strategy = (id: string, label: string, run: () => Promise<LogReport>): Measured => ({
      id,
      label,
      kind: 'strategy',
      reps: 3,
      lines,
      bytes,
      measure: () => timeCall(label, run, same(label)),
    })
    const subjects: Measured[] = [
      strategy('sequential', 'analyzeLogsSequential', () => analyzeLogsSequential([file])),
      strategy('parallel', `analyzeLogsParallel (${workers} workers)`, () =>
        analyzeLogsParallel([file], { workers }),
      ),
      strategy('concurrent', 'analyzeLogsConcurrent', () => analyzeLogsConcurrent([file])),
      {
        id: 'node-read',
        label: 'Node read probe: 1 MB blocks, newlines counted',
        kind: 'probe',
        reps: 3,
        lines,
        bytes,
        measure: () =>
          timeCall(
            'read probe',
            () => countNewlines(file),
            (n) => (n === lines ? undefined : `counted ${n} newlines`),
          ),
      },
      ...readProbes(file).map((probe) => peerSubject(probe, lines, bytes, () => undefined)),
      {
        id: 'cpu-1',
        label: 'CPU probe, 1 worker thread',
        kind: 'probe',
        reps: 3,
        measure: () =>
          timeCall(
            'CPU probe',
            () => cpu.one(),
            (h) => (h === cpu.expectedOne ? undefined : 'wrong hash'),
          ),
      },
      {
        id: 'cpu-n',
        label: `CPU probe, the same work on ${workers} worker threads`,
        kind: 'probe',
        reps: 3,
        measure: () =>
          timeCall(
            'CPU probe',
            () => cpu.all(),
            (h) => (h === cpu.expectedAll ? undefined : 'wrong hash'),
          ),
      },
      ...peers.map((peer) =>
        peerSubject(peer, lines, bytes, (stdout) => {
          if (peer.id.startsWith('python')) {
            const reply = JSON.parse(stdout) as { lines: number; max_rss_mb: number }
            pythonRss[peer.id] = reply.max_rss_mb
            return reply.lines === lines ? undefined : `read ${reply.lines} lines`
          }
          return peer.id === 'awk' && stdout.trim().split('\n').length !== 5
            ? 'did not print five lines'
            : undefined
        }),
      ),
    ]
    const byId = (id: string): Measured => subjects.find((s) => s.id === id)!

    log('warming up (pools started, JIT settled, the file in the page cache) …')
    for (const id of ['sequential', 'parallel', 'concurrent', 'node-read'])
      for (let i = 0; i < 2; i++) await byId(id).measure()
    // The CPU probe's work is sized to take about half a second on one thread.
    cpu.setIterations(1 << 22)
    await cpu.all()
    for (let pass = 0; pass < 3; pass++) {
      const ms: number[] = []
      for (let i = 0; i < 3; i++) ms.push(await byId('cpu-1').measure())
      cpu.setIterations(Math.round((cpu.iterations * 500) / median(ms)))
    }
    log(
      `timing: ${rounds} rounds in random order (seed ${seed}); strategies and probes 3× per round, peers once`,
    )
    const progress = process.stderr.isTTY
      ? (round: number, total: number) =>
          process.stderr.write(`\r  round ${round}/${total}${round === total ? '\n' : ''}`)
      : undefined
    const { series } = await runRounds(subjects, { rounds, random: createRng(seed), onRound: progress })

    const figures: Record<string, Figures> = {}
    for (const subject of subjects) {
      const ms = spread(series[subject.id]!)
      figures[subject.id] = {
        label: subject.label,
        kind: subject.kind,
        ms,
        ...(subject.lines ? { linesPerSecond: subject.lines / (ms.median / 1000) } : {}),
        ...(subject.bytes ? { mbPerSecond: subject.bytes / 1e6 / (ms.median / 1000) } : {}),
        timeOverSequential: median(paired(series, [subject.id, 'sequential'], ([t, s]) => t! / s!)),
      }
    }
    const ratio = (description: string, ids: string[], f: (t: number[]) => number): Ratio => ({
      description,
      ...spread(paired(series, ids, f)),
    })
    const ratios: Record<string, Ratio> = {
      readOverSequential: ratio(
        "sequential's time / the Node read probe's (its ratio to the read limit)",
        ['sequential', 'node-read'],
        ([s, r]) => s! / r!,
      ),
      catOverSequential: ratio("sequential's time / cat's", ['sequential', 'cat'], ([s, c]) => s! / c!),
      parallelSpeedup: ratio(
        'parallel speed-up (sequential ms / parallel ms)',
        ['sequential', 'parallel'],
        ([s, p]) => s! / p!,
      ),
      cpuProbeSpeedup: ratio(
        `CPU probe speed-up (1 thread / ${workers} threads)`,
        ['cpu-1', 'cpu-n'],
        ([o, a]) => o! / a!,
      ),
      speedupOverProbe: ratio(
        "parallel speed-up / the CPU probe's",
        ['sequential', 'parallel', 'cpu-1', 'cpu-n'],
        ([s, p, o, a]) => s! / p! / (o! / a!),
      ),
    }
    if (series['python-seq'])
      ratios.pythonOverSequential = ratio(
        'course Python sequential / analyzeLogsSequential',
        ['python-seq', 'sequential'],
        ([p, s]) => p! / s!,
      )
    if (series['python-pool'])
      ratios.poolOverParallel = ratio(
        'course Python Pool / analyzeLogsParallel',
        ['python-pool', 'parallel'],
        ([p, s]) => p! / s!,
      )
    if (series.awk)
      ratios.awkOverParallel = ratio(
        'awk top-5 / analyzeLogsParallel',
        ['awk', 'parallel'],
        ([a, p]) => a! / p!,
      )
    if (series.goaccess)
      ratios.goaccessOverSequential = ratio(
        'GoAccess / analyzeLogsSequential',
        ['goaccess', 'sequential'],
        ([g, s]) => g! / s!,
      )

    log('peak memory: each strategy once, in a fresh process …')
    const memory = {
      ...peakMemory(file),
      ...Object.fromEntries(Object.entries(pythonRss).map(([id, mb]) => [id, mb])),
    }
    const report: AccessLogsBenchReport = {
      exercise: 'access-logs',
      generatedAt: new Date().toISOString(),
      elapsedSeconds: (performance.now() - started) / 1000,
      machine: {
        cpu: cpus()[0]?.model.trim() ?? 'unknown',
        cores: workers,
        node: process.version,
        loadAverageBefore,
        loadAverageAfter: loadavg(),
      },
      settings: { file, lines, bytes, rounds, seed, workers, peers: options.peers },
      subjects: figures,
      ratios,
      memory,
      skipped,
      targets: judge(ratios, memory, bytes, options.peers, workers),
    }
    for (const line of render(report)) log(line)
    return report
  } finally {
    await cpu.destroy()
    if (scratch) removeScratch(scratch)
  }
}

function judge(
  ratios: Record<string, Ratio>,
  memory: Record<string, number>,
  bytes: number,
  peers: boolean,
  workers: number,
): Target[] {
  const measured = (description: string, value: Ratio | undefined, limit: number, detail: string): Target =>
    value === undefined
      ? {
          description,
          verdict: 'not measured',
          detail: peers ? 'the peer did not run (see skipped)' : 'run with --peers',
        }
      : {
          description,
          verdict: value.median >= limit ? 'PASS' : 'MISS',
          detail: `${significant(value.median)} (p25–p75 ${significant(value.p25)}–${significant(value.p75)}); ${detail}`,
        }
  const largest = Math.max(...['sequential', 'parallel', 'concurrent'].map((id) => memory[id] ?? 0))
  return [
    measured(
      "analyzeLogsSequential at least 3× faster than the course's sequential Python",
      ratios.pythonOverSequential,
      3,
      'Python time / ours',
    ),
    measured(
      'analyzeLogsParallel faster than a one-pass awk top-5',
      ratios.awkOverParallel,
      1,
      'awk time / ours',
    ),
    workers < 2
      ? {
          description: "parallel speed-up ≥ 85% of the CPU probe's",
          verdict: 'not measured',
          detail: 'one core',
        }
      : measured(
          "parallel speed-up ≥ 85% of the CPU probe's",
          ratios.speedupOverProbe,
          0.85,
          `speed-up ${significant(ratios.parallelSpeedup!.median)}, the probe's ${significant(ratios.cpuProbeSpeedup!.median)}`,
        ),
    {
      description: 'ratio to the read limit (streaming the same file, counting newlines)',
      verdict: 'reported',
      detail: `analyzeLogsSequential takes ${significant(ratios.readOverSequential!.median)}× the read probe's time`,
    },
    {
      description: 'peak memory bounded by the distinct keys, not the file size',
      verdict: 'reported',
      detail: `at most ${largest.toFixed(0)} MB resident for a ${(bytes / 1e6).toFixed(0)} MB file`,
    },
  ]
}

function render(report: AccessLogsBenchReport): string[] {
  const { subjects, ratios, machine, settings } = report
  const row = (id: string): string[] => {
    const f = subjects[id]!
    return [
      `  ${f.label}`,
      formatMs(f.ms.median),
      `${formatMs(f.ms.p25)}–${formatMs(f.ms.p75)}`,
      formatRate(f.linesPerSecond),
      f.mbPerSecond === undefined ? '—' : f.mbPerSecond.toFixed(0),
      id === 'sequential' ? '1' : formatRatio(f.timeOverSequential),
      report.memory[id] === undefined ? '' : `${report.memory[id].toFixed(0)} MB`,
    ]
  }
  const ids = (kind: Kind): string[] => Object.keys(subjects).filter((id) => subjects[id]!.kind === kind)
  const rows: Row[] = [
    { section: 'reference strategies' },
    ...ids('strategy').map(row),
    { section: 'probes' },
    ...ids('probe').map(row),
  ]
  if (settings.peers) {
    rows.push({ section: 'peers (wall time of the whole command)' }, ...ids('peer').map(row))
    for (const skip of report.skipped) rows.push({ section: `  skipped: ${skip.peer} — ${skip.reason}` })
  }
  const verdictWidth = Math.max(...report.targets.map((t) => t.verdict.length))
  return [
    '',
    machineLine(machine),
    `${settings.rounds} interleaved rounds (seed ${settings.seed}); ms: median over rounds of each round's median`,
    '',
    renderTable(
      [
        { header: `access-logs, ${settings.lines.toLocaleString('en-US')} lines` },
        { header: 'median ms', align: 'right' },
        { header: 'p25–p75 ms', align: 'right' },
        { header: 'lines/s', align: 'right' },
        { header: 'MB/s', align: 'right' },
        { header: 'time/seq', align: 'right' },
        { header: 'peak RSS', align: 'right' },
      ],
      rows,
    ),
    '',
    ratioTable(Object.values(ratios)),
    '',
    'targets',
    ...report.targets.map((t) => `  ${t.verdict.padEnd(verdictWidth)}  ${t.description}: ${t.detail}`),
  ]
}

export const reportFile = fileURLToPath(new URL('../reports/bench/access-logs.json', import.meta.url))

export async function writeAccessLogsReport(report: AccessLogsBenchReport): Promise<string> {
  await mkdir(new URL('../reports/bench/', import.meta.url), { recursive: true })
  await writeFile(reportFile, `${JSON.stringify(report, null, 2)}\n`)
  return reportFile
}
