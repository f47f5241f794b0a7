// Runs one reference strategy once over a file in a fresh process and prints its peak resident memory (the
// process with its worker threads), for `npm run bench`: node --import tsx bench/access-logs-rss.ts STRATEGY FILE
import { readFileSync } from 'node:fs'
import { analyzeLogsConcurrent } from '../solutions/access-logs/concurrent.js'
import { analyzeLogsParallel } from '../solutions/access-logs/parallel.js'
import { analyzeLogsSequential } from '../solutions/access-logs/sequential.js'

const strategies = {
  sequential: analyzeLogsSequential,
  parallel: analyzeLogsParallel,
  concurrent: analyzeLogsConcurrent,
}
const [strategy, file] = process.argv.slice(2) as [keyof typeof strategies, string]
// VmHWM, not getrusage's maxRSS: Linux keeps maxRSS across exec, so it would report the parent's size at fork.
function peakMb(): number {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))
  return match ? Number(match[1]) / 1024 : process.resourceUsage().maxRSS / 1024
}

const before = peakMb()
const report = await strategies[strategy]([file])
console.log(
  JSON.stringify({
    strategy,
    lines: report.totalLines,
    maxRssMb: peakMb(),
    startRssMb: before,
  }),
)
process.exit(0)
