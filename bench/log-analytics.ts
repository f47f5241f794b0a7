// `npm run bench -- --only log-analytics [--full]`: the reference strategies on one generated data set (1 M records;
// 5.3 M with --full), as a whole and source by source, against a CPU-bound probe's speed-up, in interleaved rounds.
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { availableParallelism, cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { writeLogAnalytics } from '../datasets/generators/log-analytics.js'
import type { PlanName } from '../datasets/generators/log-analytics/plan.js'
import { differences } from '../grader/exercises/log-analytics/compare.js'
import { sourcesIn } from '../grader/exercises/log-analytics/layout.js'
import { cacheRoot } from '../grader/prepare/prepare.js'
import { createRng, median } from '../grader/util/stats.js'
import { analyzeSecurityParallel } from '../solutions/log-analytics/parallel.js'
import { analyzeSecuritySequential } from '../solutions/log-analytics/sequential.js'
import type { SecurityReport, Sources } from '../solutions/log-analytics/types.js'
import { CpuProbe } from './probes.js'
import { runRounds, timeCall, type Subject } from './rounds.js'
import { paired, spread, type Spread } from './stats.js'
import { formatMs, formatRate, machineLine, ratioTable, renderTable, significant, type Row } from './table.js'

export interface LogAnalyticsBenchOptions {
  full: boolean
  /** No peer runs for this exercise; with --peers, the bench says which it skipped and why. */
  peers?: boolean
  rounds?: number
  seed?: number
  log?: (line: string) => void
}

const benchSeed = 1
const sourceNames = ['access', 'appEvents', 'audit', 'auth'] as const
type SourceName = (typeof sourceNames)[number]

interface Measured extends Subject {
  label: string
  records: number
}

export interface LogAnalyticsBenchReport {
  exercise: 'log-analytics'
  generatedAt: string
  elapsedSeconds: number
  machine: {
    cpu: string
    cores: number
    node: string
    loadAverageBefore: number[]
    loadAverageAfter: number[]
  }
  settings: { dir: string; records: number; rounds: number; seed: number; workers: number }
  subjects: Record<string, { label: string; ms: Spread; recordsPerSecond: number }>
  ratios: Record<string, Spread & { description: string }>
  targets: { description: string; verdict: 'PASS' | 'MISS' | 'reported' | 'not measured'; detail: string }[]
}

/** The bench's data set, made once into the data cache and reused. */
async function benchData(plan: PlanName, log: (line: string) => void): Promise<string> {
  const dir = join(cacheRoot, 'log-analytics', `bench-${plan}-${benchSeed}`)
  if (existsSync(join(dir, '.complete'))) return dir
  const partial = `${dir}.partial-${process.pid}`
  rmSync(partial, { recursive: true, force: true })
  log(`generating the ${plan === 'full' ? 'full' : '1 M-record'} data set into ${dir} (once) …`)
  await writeLogAnalytics({ size: plan, seed: benchSeed, dir: partial, workers: availableParallelism() })
  writeFileSync(join(partial, '.complete'), `${new Date().toISOString()}\n`)
  rmSync(dir, { recursive: true, force: true })
  renameSync(partial, dir)
  return dir
}

const only = (sources: Sources, name: SourceName): Sources => ({
  access: [],
  appEvents: [],
  audit: [],
  auth: [],
  [name]: sources[name],
})

export async function benchLogAnalytics(options: LogAnalyticsBenchOptions): Promise<LogAnalyticsBenchReport> {
  const log = options.log ?? ((line: string) => console.log(line))
  const started = performance.now()
  const plan: PlanName = options.full ? 'full' : 'bench'
  const dir = await benchData(plan, log)
  const sources = sourcesIn(dir)
  const workers = availableParallelism()
  const rounds = options.rounds ?? 5
  const seed = options.seed ?? Date.now() % 2 ** 32
  const loadAverageBefore = loadavg()
  if (options.peers)
    log(
      "skipped peer: the course's own code for this exercise is a Ray Data notebook (it needs Ray and a cluster); " +
        'there is no rebuild of it here to time side by side',
    )
  const expected = await analyzeSecuritySequential(sources)
  const counts: Record<SourceName, number> = {
    access: expected.access.totalLines,
    appEvents: expected.appEvents.totalLines,
    audit: expected.audit.totalRecords,
    auth: expected.auth.totalLines,
  }
  const records = sourceNames.reduce((sum, name) => sum + counts[name], 0)
  log(`log-analytics: ${records.toLocaleString('en-US')} records (${dir})`)
  const same = (want: SecurityReport, label: string) => (report: SecurityReport) => {
    const wrong = differences(want, report)
    return wrong.length === 0 ? undefined : `${label}: ${wrong.slice(0, 2).join('; ')}`
  }
  const cpu = new CpuProbe(workers)
  try {
    const subjects: Measured[] = []
    const strategyPair = (
      id: string,
      what: string,
      input: Sources,
      want: SecurityReport,
      n: number,
      reps: number,
    ) => {
      subjects.push(
        {
          id: `${id}-seq`,
          label: `${what}, sequential`,
          records: n,
          reps,
          measure: () => timeCall(id, () => analyzeSecuritySequential(input), same(want, `${id} sequential`)),
        },
        {
          id: `${id}-par`,
          label: `${what}, parallel (${workers} workers)`,
          records: n,
          reps,
          measure: () =>
            timeCall(id, () => analyzeSecurityParallel(input, { workers }), same(want, `${id} parallel`)),
        },
      )
    }
    strategyPair('all', 'all four sources', sources, expected, records, 2)
    for (const name of sourceNames) {
      const input = only(sources, name)
      strategyPair(name, `${name} only`, input, await analyzeSecuritySequential(input), counts[name], 1)
    }
    const probe = (id: string, label: string, run: () => Promise<number>, want: () => number): Measured => ({
      id,
      label,
      records: 0,
      reps: 3,
      measure: () => timeCall(label, run, (h) => (h === want() ? undefined : 'wrong hash')),
    })
    subjects.push(
      probe(
        'cpu-1',
        'CPU probe, 1 worker thread',
        () => cpu.one(),
        () => cpu.expectedOne,
      ),
      probe(
        'cpu-n',
        `CPU probe, the same work on ${workers} threads`,
        () => cpu.all(),
        () => cpu.expectedAll,
      ),
    )
    log('warming up (pool started, JIT settled, files in the page cache) …')
    for (const subject of subjects.slice(0, 2)) for (let i = 0; i < 2; i++) await subject.measure()
    cpu.setIterations(1 << 22)
    await cpu.all()
    for (let pass = 0; pass < 3; pass++) {
      const ms: number[] = []
      for (let i = 0; i < 3; i++) ms.push(await subjects.find((s) => s.id === 'cpu-1')!.measure())
      cpu.setIterations(Math.round((cpu.iterations * 500) / median(ms)))
    }
    log(`timing: ${rounds} rounds in random order (seed ${seed})`)
    const progress = process.stderr.isTTY
      ? (round: number, total: number) =>
          process.stderr.write(`\r  round ${round}/${total}${round === total ? '\n' : ''}`)
      : undefined
    const { series } = await runRounds(subjects, { rounds, random: createRng(seed), onRound: progress })
    const figures: LogAnalyticsBenchReport['subjects'] = {}
    for (const subject of subjects) {
      const ms = spread(series[subject.id]!)
      figures[subject.id] = {
        label: subject.label,
        ms,
        recordsPerSecond: subject.records / (ms.median / 1000),
      }
    }
    const ratio = (description: string, ids: string[], f: (t: number[]) => number) => ({
      description,
      ...spread(paired(series, ids, f)),
    })
    const ratios: LogAnalyticsBenchReport['ratios'] = {
      parallelSpeedup: ratio(
        'parallel speed-up, all sources (sequential ms / parallel ms)',
        ['all-seq', 'all-par'],
        ([s, p]) => s! / p!,
      ),
      cpuProbeSpeedup: ratio(
        `CPU probe speed-up (1 thread / ${workers} threads)`,
        ['cpu-1', 'cpu-n'],
        ([o, a]) => o! / a!,
      ),
      speedupOverProbe: ratio(
        "parallel speed-up / the CPU probe's",
        ['all-seq', 'all-par', 'cpu-1', 'cpu-n'],
        ([s, p, o, a]) => s! / p! / (o! / a!),
      ),
    }
    for (const name of sourceNames)
      ratios[`${name}Speedup`] = ratio(
        `parallel speed-up, ${name} only`,
        [`${name}-seq`, `${name}-par`],
        ([s, p]) => s! / p!,
      )
    const best = Math.max(figures['all-seq']!.recordsPerSecond, figures['all-par']!.recordsPerSecond)
    const report: LogAnalyticsBenchReport = {
      exercise: 'log-analytics',
      generatedAt: new Date().toISOString(),
      elapsedSeconds: (performance.now() - started) / 1000,
      machine: {
        cpu: cpus()[0]?.model.trim() ?? 'unknown',
        cores: workers,
        node: process.version,
        loadAverageBefore,
        loadAverageAfter: loadavg(),
      },
      settings: { dir, records, rounds, seed, workers },
      subjects: figures,
      ratios,
      targets: [
        workers < 2
          ? {
              description: "parallel speed-up ≥ 85% of the CPU probe's",
              verdict: 'not measured',
              detail: 'one core',
            }
          : {
              description: "parallel speed-up ≥ 85% of the CPU probe's",
              verdict: ratios.speedupOverProbe!.median >= 0.85 ? 'PASS' : 'MISS',
              detail: `${significant(ratios.speedupOverProbe!.median)}: speed-up ${significant(ratios.parallelSpeedup!.median)}, the probe's ${significant(ratios.cpuProbeSpeedup!.median)}`,
            },
        {
          description: 'the course claims "1M+ log entries per second" on a cluster',
          verdict: 'reported',
          detail: `the reference reaches ${formatRate(best, '')} records/s on ${workers} cores`,
        },
      ],
    }
    for (const line of render(report)) log(line)
    return report
  } finally {
    await cpu.destroy()
  }
}

function render(report: LogAnalyticsBenchReport): string[] {
  const { subjects, ratios, machine, settings } = report
  const row = (id: string): string[] => {
    const f = subjects[id]!
    return [
      `  ${f.label}`,
      formatMs(f.ms.median),
      `${formatMs(f.ms.p25)}–${formatMs(f.ms.p75)}`,
      id.startsWith('cpu') ? '—' : formatRate(f.recordsPerSecond),
    ]
  }
  const ids = Object.keys(subjects)
  const rows: Row[] = [
    { section: 'reference strategies' },
    ...ids.filter((id) => !id.startsWith('cpu')).map(row),
    { section: 'probes' },
    ...ids.filter((id) => id.startsWith('cpu')).map(row),
  ]
  return [
    '',
    machineLine(machine),
    `${settings.rounds} interleaved rounds (seed ${settings.seed}); ms: median over rounds of each round's median`,
    '',
    renderTable(
      [
        { header: `log-analytics, ${settings.records.toLocaleString('en-US')} records` },
        { header: 'median ms', align: 'right' },
        { header: 'p25–p75 ms', align: 'right' },
        { header: 'records/s', align: 'right' },
      ],
      rows,
    ),
    '',
    ratioTable(Object.values(ratios)),
    '',
    'targets',
    ...report.targets.map((t) => `  ${t.verdict.padEnd(12)}  ${t.description}: ${t.detail}`),
  ]
}

export const reportFile = fileURLToPath(new URL('../reports/bench/log-analytics.json', import.meta.url))

export async function writeLogAnalyticsReport(report: LogAnalyticsBenchReport): Promise<string> {
  await mkdir(new URL('../reports/bench/', import.meta.url), { recursive: true })
  await writeFile(reportFile, `${JSON.stringify(report, null, 2)}\n`)
  return reportFile
}
