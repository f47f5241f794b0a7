// `npm run bench -- --only greyscale`: the reference strategies on the 2,000-image set (--full: 202,599), against
// the codec limit measured in the same rounds (@parlab/jpeg decoding and encoding the same JPEGs, nothing else),
// what sharp costs for the same work, the CPU-bound probe's speed-up, and with --peers the course's Pillow loop and
// Pool; every subject's rate is also turned into an estimate of the full set's time.
import { codecInfo, createCodec } from '@parlab/jpeg'
import { spawnSync } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statfsSync,
  writeFileSync,
} from 'node:fs'
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import sharp from 'sharp'
import { imageCounts, imagesFolder } from '../datasets/generators/celeba/celeba.js'
import { compareGrey, exactLuma, pixelProblem } from '../grader/exercises/greyscale/pixels.js'
import { cachedDataset } from '../grader/prepare/prepare.js'
import { createRng, median } from '../grader/util/stats.js'
import { greyscaleConcurrent } from '../solutions/greyscale/concurrent.js'
import { jpegQuality } from '../solutions/greyscale/images.js'
import { greyscaleParallel } from '../solutions/greyscale/parallel.js'
import { greyscaleSequential } from '../solutions/greyscale/sequential.js'
import { PillowPeer } from './greyscale-peer.js'
import { judge, render, type GreyscaleBenchReport, type Kind } from './greyscale-report.js'
import { choosePython } from './peers.js'
import { CpuProbe } from './probes.js'
import { runRounds, WrongResultError, type Subject } from './rounds.js'
import { paired, spread } from './stats.js'
import { formatCount } from './table.js'

export interface GreyscaleBenchOptions {
  full: boolean
  peers: boolean
  rounds?: number
  seed?: number
  log?: (line: string) => void
}

interface Measured extends Subject {
  label: string
  kind: Kind
  /** Images per call (undefined: the CPU probe). */
  images?: number
}

/**
 * Where the passes write: /dev/shm where it has room (as the grader's workspaces), so that the figures are the
 * codecs' and not a disk's: creating and deleting 2,000 files a pass on ext4 here cost about as much as
 * converting them (1,265 images/s against about 2,600 in memory, Pillow likewise).
 */
function workRoot(): string {
  try {
    const fs = statfsSync('/dev/shm')
    if (fs.bavail * fs.bsize > 512 * 2 ** 20) return '/dev/shm'
  } catch {
    // no /dev/shm (macOS, Windows)
  }
  return tmpdir()
}

/** Debian's python3 where it has Pillow (python3-pil), else the one choosePython picks (pyenv's, say). */
function pythonWithPillow(): string | undefined {
  const system = '/usr/bin/python3'
  if (existsSync(system) && spawnSync(system, ['-c', 'import PIL'], { timeout: 10_000 }).status === 0)
    return system
  return choosePython()?.command
}

/** Checks one output per call against the exact luma of its input (outside the timed span). */
async function spotCheck(inputDir: string, outputDir: string, name: string): Promise<string | undefined> {
  const input = await sharp(join(inputDir, name)).raw().toBuffer({ resolveWithObject: true })
  const output = await sharp(join(outputDir, name)).raw().toBuffer({ resolveWithObject: true })
  const problem = pixelProblem(
    compareGrey(output.data, output.info.channels, exactLuma(input.data, input.info.channels)),
  )
  return problem === undefined ? undefined : `${name}: ${problem}`
}

export async function benchGreyscale(options: GreyscaleBenchOptions): Promise<GreyscaleBenchReport> {
  const log = options.log ?? ((line: string) => console.log(line))
  const started = performance.now()
  const size = options.full ? 'full' : 'small'
  const rounds = options.rounds ?? (options.full ? 1 : 5)
  const seed = options.seed ?? Date.now() % 2 ** 32
  const workers = availableParallelism()
  const loadAverageBefore = loadavg()
  log(
    `greyscale: the ${size} data set (${formatCount(imageCounts[size])} images), generated once and cached …`,
  )
  const dataset = await cachedDataset('greyscale', size, 1, (done, total) => {
    if (process.stderr.isTTY) process.stderr.write(`\r  generating ${done}/${total}`)
  })
  const inputDir = join(dataset, imagesFolder)
  const names = readdirSync(inputDir)
    .filter((name) => name.endsWith('.jpg'))
    .sort()
  const work = mkdtempSync(join(workRoot(), 'parlab-bench-greyscale-'))
  let calls = 0
  const random = createRng(seed)

  /** One timed pass over the whole folder into a fresh output folder, then verified and removed. */
  const pass =
    (
      label: string,
      run: (outputDir: string) => Promise<{ processed: number; failed: unknown[] } | number>,
      // The probes write a channel, not the luma: only their count is checked.
      pixels = true,
    ) =>
    async () => {
      const outputDir = join(work, `out-${++calls}`)
      const start = performance.now()
      const result = await run(outputDir)
      const ms = performance.now() - start
      const processed = typeof result === 'number' ? result : result.processed
      if (processed !== names.length || (typeof result !== 'number' && result.failed.length > 0)) {
        throw new WrongResultError(`${label}: processed ${processed} of ${names.length}`)
      }
      const problem = pixels
        ? await spotCheck(inputDir, outputDir, names[Math.floor(random() * names.length)]!)
        : undefined
      rmSync(outputDir, { recursive: true, force: true })
      if (problem) throw new WrongResultError(`${label}: ${problem}`)
      return ms
    }
  // The codec alone: each JPEG read, decoded to RGB and encoded grey by @parlab/jpeg (one codec, reused), one image
  // at a time: the reference's sequential pass minus listing the folder and collecting failures.
  const codec = createCodec()
  const codecLimit = async (outputDir: string): Promise<number> => {
    mkdirSync(outputDir, { recursive: true })
    for (const name of names) {
      const { data, width, height } = await codec.decodeRgb(readFileSync(join(inputDir, name)))
      writeFileSync(join(outputDir, name), await codec.encodeGreyFromRgb(data, width, height, jpegQuality))
    }
    return names.length
  }
  // What a student who uses sharp pays: decode to raw RGB, the luma in JavaScript, one channel encoded at the same
  // quality (Huffman optimisation off), one image at a time: two sharp calls an image.
  const withSharp = async (outputDir: string): Promise<number> => {
    mkdirSync(outputDir, { recursive: true })
    for (const name of names) {
      const { data, info } = await sharp(readFileSync(join(inputDir, name)))
        .raw()
        .toBuffer({ resolveWithObject: true })
      await sharp(exactLuma(data, info.channels), {
        raw: { width: info.width, height: info.height, channels: 1 },
      })
        .jpeg({ quality: jpegQuality, optimiseCoding: false })
        .toFile(join(outputDir, name))
    }
    return names.length
  }

  const cpu = new CpuProbe(workers)
  let pillow: PillowPeer | undefined
  const skipped: string[] = []
  try {
    const images = names.length
    const subjects: Measured[] = [
      {
        id: 'sequential',
        label: 'greyscaleSequential',
        kind: 'strategy',
        reps: 1,
        images,
        measure: pass('sequential', (out) => greyscaleSequential(inputDir, out)),
      },
      {
        id: 'parallel',
        label: `greyscaleParallel (${workers} workers)`,
        kind: 'strategy',
        reps: 1,
        images,
        measure: pass('parallel', (out) => greyscaleParallel(inputDir, out, { workers })),
      },
      {
        id: 'concurrent',
        label: 'greyscaleConcurrent (default concurrency)',
        kind: 'strategy',
        reps: 1,
        images,
        measure: pass('concurrent', (out) => greyscaleConcurrent(inputDir, out)),
      },
    ]
    if (!options.full) {
      subjects.push(
        {
          id: 'codec',
          label: `codec limit: @parlab/jpeg (${codecInfo().backend}) decode → encode grey, one at a time`,
          kind: 'probe',
          reps: 1,
          images,
          measure: pass('codec limit', codecLimit),
        },
        {
          id: 'sharp',
          label: 'sharp: decode → raw → luma in JS → encode, one at a time',
          kind: 'probe',
          reps: 1,
          images,
          measure: pass('sharp', withSharp),
        },
        {
          id: 'cpu-1',
          label: 'CPU hash loop, 1 worker thread',
          kind: 'probe',
          reps: 1,
          measure: async () => {
            const t = performance.now()
            await cpu.one()
            return performance.now() - t
          },
        },
        {
          id: 'cpu-n',
          label: `CPU hash loop, same work on ${workers} worker threads`,
          kind: 'probe',
          reps: 1,
          measure: async () => {
            const t = performance.now()
            await cpu.all()
            return performance.now() - t
          },
        },
      )
    }
    if (options.peers) {
      const python = pythonWithPillow()
      if (!python) skipped.push('Pillow: no python3 found')
      else {
        pillow = await PillowPeer.start(python)
        if (pillow.header.pillow === null)
          skipped.push(
            `Pillow: ${pillow.header.pillow_error ?? 'does not import'} (Debian: apt-get install python3-pil)`,
          )
        else {
          const peer = pillow
          for (const mode of ['seq', 'pool'] as const) {
            subjects.push({
              id: `pillow-${mode}`,
              label:
                mode === 'seq'
                  ? 'course: Pillow open().convert("L").save(), sequential'
                  : `course: Pillow, multiprocessing.Pool(${pillow.header.cpu_count})`,
              kind: 'peer',
              reps: 1,
              images,
              measure: pass(`Pillow ${mode}`, async (out) => {
                const reply = await peer.measure(mode, inputDir, out)
                if (reply.seconds === undefined)
                  throw new WrongResultError(`Pillow ${mode}: ${reply.error ?? reply.skipped}`)
                return { processed: reply.images ?? 0, failed: [], seconds: reply.seconds }
              }),
            })
          }
        }
      }
    }
    // A full pass takes minutes: the pools' start and the JIT's warm-up weigh nothing there, so --full times the
    // first pass; the smaller set warms every subject up, then sizes the CPU probe to the sequential pass.
    // Byte for byte against Pillow's files, every image, before any timing.
    let identicalToPillow: { identical: number; images: number } | undefined
    if (pillow?.header.pillow != null) {
      const ours = join(work, 'identity-ours')
      const theirs = join(work, 'identity-pillow')
      await greyscaleSequential(inputDir, ours)
      await pillow.measure('seq', inputDir, theirs)
      const identical = names.filter((name) =>
        readFileSync(join(ours, name)).equals(readFileSync(join(theirs, name))),
      ).length
      identicalToPillow = { identical, images: names.length }
      log(`byte for byte: ${formatCount(identical)} of ${formatCount(names.length)} files equal Pillow's`)
      rmSync(ours, { recursive: true, force: true })
      rmSync(theirs, { recursive: true, force: true })
    }
    if (!options.full) {
      log('warming up (pools started, codecs and sharp loaded, JIT settled) …')
      for (const subject of subjects.filter((s) => s.images !== undefined)) await subject.measure()
      const sequentialMs = await subjects[0]!.measure()
      cpu.setIterations(1 << 20)
      for (let calibration = 0; calibration < 3; calibration++) {
        const t = performance.now()
        await cpu.one()
        cpu.setIterations(
          Math.round((cpu.iterations * Math.min(250, sequentialMs)) / (performance.now() - t)),
        )
      }
    }
    log(
      `timing: ${rounds} interleaved round${rounds === 1 ? '' : 's'} in random order (seed ${seed}), one pass of every subject per round`,
    )
    const result = await runRounds(subjects, {
      rounds,
      random: createRng(seed),
      onRound: (round, total) =>
        process.stderr.isTTY &&
        process.stderr.write(`\r  round ${round}/${total}${round === total ? '\n' : ''}`),
    })
    const series = result.series
    const report: GreyscaleBenchReport = {
      exercise: 'greyscale',
      generatedAt: new Date().toISOString(),
      elapsedSeconds: 0,
      machine: {
        cpu: cpus()[0]?.model.trim() ?? 'unknown',
        cores: workers,
        node: process.version,
        uvThreadpool: process.env.UV_THREADPOOL_SIZE ?? 'unset (libuv default 4)',
        loadAverageBefore,
        loadAverageAfter: loadavg(),
      },
      settings: {
        images,
        dataset,
        quality: jpegQuality,
        rounds,
        seed,
        workers,
        full: options.full,
        peers: options.peers,
        codec: codecInfo(),
      },
      subjects: Object.fromEntries(
        subjects.map((s) => {
          const ms = spread(series[s.id]!)
          return [
            s.id,
            {
              label: s.label,
              kind: s.kind,
              ms,
              ...(s.images === undefined
                ? {}
                : {
                    imagesPerSecond: s.images / (ms.median / 1000),
                    fullSetSeconds: (imageCounts.full * ms.median) / 1000 / s.images,
                  }),
              timeOverSequential: median(paired(series, [s.id, 'sequential'], ([t, seq]) => t! / seq!)),
              rounds: series[s.id]!,
            },
          ]
        }),
      ),
      ratios: {},
      ...(options.peers
        ? {
            peers: {
              ...(pillow ? { pillow: pillow.header } : {}),
              ...(identicalToPillow ? { identicalToPillow } : {}),
              skipped,
            },
          }
        : {}),
      targets: [],
    }
    const ratio = (id: string, description: string, ids: string[], f: (t: number[]) => number): void => {
      if (ids.some((name) => series[name] === undefined)) return
      const values = paired(series, ids, f)
      report.ratios[id] = { description, ...spread(values), values }
    }
    ratio(
      'sequentialOverCodec',
      "sequential's images/s / the codec limit's",
      ['codec', 'sequential'],
      ([codec, seq]) => codec! / seq!,
    )
    ratio(
      'sequentialOverSharp',
      "sequential's images/s / sharp's (two calls an image)",
      ['sharp', 'sequential'],
      ([sharpMs, seq]) => sharpMs! / seq!,
    )
    ratio(
      'parallelSpeedup',
      'parallel speed-up over sequential',
      ['sequential', 'parallel'],
      ([seq, par]) => seq! / par!,
    )
    ratio(
      'concurrentSpeedup',
      'concurrent speed-up over sequential',
      ['sequential', 'concurrent'],
      ([seq, con]) => seq! / con!,
    )
    ratio(
      'cpuProbeSpeedup',
      `CPU probe speed-up (1 thread / ${workers} threads)`,
      ['cpu-1', 'cpu-n'],
      ([one, all]) => one! / all!,
    )
    ratio(
      'parallelOverProbe',
      "parallel's speed-up / the CPU probe's",
      ['sequential', 'parallel', 'cpu-1', 'cpu-n'],
      ([s, p, one, all]) => s! / p! / (one! / all!),
    )
    ratio(
      'concurrentOverProbe',
      "concurrent's speed-up / the CPU probe's",
      ['sequential', 'concurrent', 'cpu-1', 'cpu-n'],
      ([s, c, one, all]) => s! / c! / (one! / all!),
    )
    ratio(
      'sequentialOverPillow',
      "greyscaleSequential's images/s / Pillow sequential's",
      ['sequential', 'pillow-seq'],
      ([seq, py]) => py! / seq!,
    )
    ratio(
      'parallelOverPillowPool',
      `greyscaleParallel's images/s / Pillow Pool(${workers})'s`,
      ['parallel', 'pillow-pool'],
      ([par, py]) => py! / par!,
    )
    ratio(
      'concurrentOverPillowPool',
      `greyscaleConcurrent's images/s / Pillow Pool(${workers})'s`,
      ['concurrent', 'pillow-pool'],
      ([con, py]) => py! / con!,
    )
    report.targets = judge(report)
    report.elapsedSeconds = (performance.now() - started) / 1000
    for (const line of render(report)) log(line)
    return report
  } finally {
    codec.close()
    await Promise.all([cpu.destroy(), pillow?.close()])
    rmSync(work, { recursive: true, force: true })
  }
}
