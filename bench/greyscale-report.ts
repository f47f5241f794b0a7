// The greyscale bench's figures: targets judged on the per-round ratios, the terminal tables, the JSON file.
import { mkdir, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { PillowHeader } from './greyscale-peer.js'
import type { Spread } from './stats.js'
import {
  formatCount,
  formatMs,
  machineLine,
  ratioTable,
  renderTable,
  significant,
  type Row,
} from './table.js'

export type Kind = 'strategy' | 'probe' | 'peer'

export interface Target {
  description: string
  verdict: 'PASS' | 'MISS' | 'not measured'
  value?: number
  p25?: number
  p75?: number
  threshold: string
  detail: string
}

export interface GreyscaleBenchReport {
  exercise: 'greyscale'
  generatedAt: string
  elapsedSeconds: number
  machine: {
    cpu: string
    cores: number
    node: string
    uvThreadpool: string
    loadAverageBefore: number[]
    loadAverageAfter: number[]
  }
  settings: {
    images: number
    dataset: string
    quality: number
    rounds: number
    seed: number
    workers: number
    full: boolean
    peers: boolean
    codec: { backend: string; library?: string; fallbackReason?: string }
  }
  subjects: Record<
    string,
    {
      label: string
      kind: Kind
      ms: Spread
      imagesPerSecond?: number
      /** The full set's 202,599 images at this subject's rate (measured with --full). */
      fullSetSeconds?: number
      timeOverSequential: number
      rounds: number[]
    }
  >
  ratios: Record<string, Spread & { description: string; values: number[] }>
  peers?: {
    pillow?: PillowHeader
    /** The reference's files compared with Pillow's, every image of the set. */
    identicalToPillow?: { identical: number; images: number }
    skipped: string[]
  }
  targets: Target[]
}

export function judge(report: GreyscaleBenchReport): Target[] {
  const at = (id: string, description: string, limit: number, detail: string): Target => {
    const r = report.ratios[id]
    if (!r)
      return {
        description,
        verdict: 'not measured',
        threshold: `≥ ${limit}`,
        detail: report.settings.full ? 'not measured with --full' : 'not measured',
      }
    return {
      description,
      verdict: r.median >= limit ? 'PASS' : 'MISS',
      value: r.median,
      p25: r.p25,
      p75: r.p75,
      threshold: `≥ ${limit}`,
      detail,
    }
  }
  const probe = report.ratios.cpuProbeSpeedup?.median ?? Number.NaN
  return [
    at(
      'sequentialOverCodec',
      'sequential at ≥ 0.8 of the codec limit',
      0.8,
      `codec limit ${significant(report.subjects.codec?.imagesPerSecond ?? Number.NaN)} images/s`,
    ),
    at(
      'sequentialOverPillow',
      "sequential at or above Pillow's sequential speed",
      1,
      `Pillow ${significant(report.subjects['pillow-seq']?.imagesPerSecond ?? Number.NaN)} images/s`,
    ),
    at(
      'parallelOverPillowPool',
      "parallel at or above Pillow's Pool",
      1,
      `Pillow's Pool ${significant(report.subjects['pillow-pool']?.imagesPerSecond ?? Number.NaN)} images/s`,
    ),
    at(
      'concurrentOverPillowPool',
      "concurrent at or above Pillow's Pool",
      1,
      `Pillow's Pool ${significant(report.subjects['pillow-pool']?.imagesPerSecond ?? Number.NaN)} images/s`,
    ),
    at(
      'parallelOverProbe',
      "parallel speed-up ≥ 85% of the CPU probe's",
      0.85,
      `speed-up ${significant(report.ratios.parallelSpeedup?.median ?? Number.NaN)}, the probe's ${significant(probe)}`,
    ),
    at(
      'concurrentOverProbe',
      "concurrent speed-up ≥ 85% of the CPU probe's",
      0.85,
      `speed-up ${significant(report.ratios.concurrentSpeedup?.median ?? Number.NaN)}, the probe's ${significant(probe)}`,
    ),
  ]
}

export function render(report: GreyscaleBenchReport): string[] {
  const rows: Row[] = []
  for (const kind of ['strategy', 'probe', 'peer'] as const) {
    const ids = Object.keys(report.subjects).filter((id) => report.subjects[id]!.kind === kind)
    if (ids.length === 0) continue
    rows.push({
      section:
        kind === 'strategy'
          ? 'reference strategies'
          : kind === 'probe'
            ? 'probes'
            : 'peers: the course in Python (Pillow), timed from here around each request',
    })
    for (const id of ids) {
      const s = report.subjects[id]!
      rows.push([
        `  ${s.label}`,
        formatMs(s.ms.median),
        `${formatMs(s.ms.p25)}–${formatMs(s.ms.p75)}`,
        s.imagesPerSecond === undefined ? '—' : significant(s.imagesPerSecond),
        id === 'sequential' ? '1' : significant(s.timeOverSequential),
        s.fullSetSeconds === undefined ? '—' : `${significant(s.fullSetSeconds)} s`,
      ])
    }
  }
  for (const skip of report.peers?.skipped ?? []) rows.push({ section: `  skipped: ${skip}` })
  const identity = report.peers?.identicalToPillow
  if (identity)
    rows.push({
      section: `  byte for byte: ${formatCount(identity.identical)} of ${formatCount(identity.images)} of greyscaleSequential's files equal Pillow's`,
    })
  const { machine, settings } = report
  return [
    '',
    machineLine(machine, `UV_THREADPOOL_SIZE ${machine.uvThreadpool}`),
    `${formatCount(settings.images)} images, JPEG quality ${settings.quality}; ${settings.rounds} interleaved round(s) (seed ${settings.seed}); medians of per-round values`,
    `codec: ${settings.codec.backend === 'libjpeg-turbo' ? `libjpeg-turbo (${settings.codec.library})` : `sharp, the fallback (${settings.codec.fallbackReason})`}`,
    '',
    renderTable(
      [
        { header: `greyscale, ${formatCount(settings.images)} images` },
        { header: 'median ms', align: 'right' },
        { header: 'p25–p75 ms', align: 'right' },
        { header: 'images/s', align: 'right' },
        { header: 'time/seq', align: 'right' },
        { header: settings.full ? 'full set' : '202,599 est.', align: 'right' },
      ],
      rows,
    ),
    '',
    ratioTable(Object.values(report.ratios)),
    '',
    'targets',
    ...report.targets.map(
      (t) =>
        `  ${t.verdict.padEnd(12)} ${t.description} (${t.threshold}): ${t.value === undefined ? '' : `${significant(t.value)} (p25–p75 ${significant(t.p25!)}–${significant(t.p75!)}) — `}${t.detail}`,
    ),
  ]
}

export const greyscaleReportFile = fileURLToPath(new URL('../reports/bench/greyscale.json', import.meta.url))

export async function writeGreyscaleReport(report: GreyscaleBenchReport): Promise<string> {
  await mkdir(new URL('../reports/bench/', import.meta.url), { recursive: true })
  await writeFile(greyscaleReportFile, `${JSON.stringify(report, null, 2)}\n`)
  return greyscaleReportFile
}
