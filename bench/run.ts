// `npm run bench [-- --only ID,ID] [--full] [--peers]`: the reference solutions on fixed workloads, against
// probes of what this machine can do and, with --peers, the course's Python, side by side in one run.
import { relative } from 'node:path'
import { benchAccessLogs, writeAccessLogsReport } from './access-logs.js'
import { BenchArgsError, parseBenchArgs, usage, type BenchOptions, type ExerciseId } from './args.js'
import { benchGreyscale } from './greyscale.js'
import { writeGreyscaleReport } from './greyscale-report.js'
import { benchLogAnalytics, writeLogAnalyticsReport } from './log-analytics.js'
import { benchSum, writeSumReport } from './sum.js'

const benches: Partial<Record<ExerciseId, (options: BenchOptions) => Promise<void>>> = {
  async sum(options) {
    const report = await benchSum({ full: options.full, peers: options.peers })
    const file = await writeSumReport(report)
    console.log(`\nfigures: ${relative(process.cwd(), file)} (${report.elapsedSeconds.toFixed(1)} s)`)
  },
  async 'access-logs'(options) {
    const report = await benchAccessLogs({ full: options.full, peers: options.peers })
    const file = await writeAccessLogsReport(report)
    console.log(`\nfigures: ${relative(process.cwd(), file)} (${report.elapsedSeconds.toFixed(1)} s)`)
  },
  async 'log-analytics'(options) {
    const report = await benchLogAnalytics({ full: options.full, peers: options.peers })
    const file = await writeLogAnalyticsReport(report)
    console.log(`\nfigures: ${relative(process.cwd(), file)} (${report.elapsedSeconds.toFixed(1)} s)`)
  },
  async greyscale(options) {
    const report = await benchGreyscale({ full: options.full, peers: options.peers })
    const file = await writeGreyscaleReport(report)
    console.log(`\nfigures: ${relative(process.cwd(), file)} (${report.elapsedSeconds.toFixed(1)} s)`)
  },
}

async function main(argv: string[]): Promise<number> {
  let options: BenchOptions
  try {
    options = parseBenchArgs(argv)
  } catch (error) {
    if (!(error instanceof BenchArgsError)) throw error
    console.error(`bench: ${error.message}`)
    return 2
  }
  if (options.help) {
    console.log(usage)
    return 0
  }
  for (const id of options.only) {
    const bench = benches[id]
    if (bench === undefined) {
      console.log(`skipped: ${id} has no reference yet`)
      continue
    }
    try {
      await bench(options)
    } catch (error) {
      console.error(`bench: ${id} failed: ${error instanceof Error ? error.message : String(error)}`)
      return 1
    }
  }
  return 0
}

process.exitCode = await main(process.argv.slice(2))
