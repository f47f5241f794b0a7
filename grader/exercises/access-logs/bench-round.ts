// The benchmark's rounds: every timed call reads a fresh sample of the data set (random blocks of lines in a random
// order, a different order for each strategy), written by the child before the round. The expected report of a
// sample is the merge of its blocks' counts, each block counted once here with the reference's parser.
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { LogCounter, type LogCounts } from '../../../solutions/access-logs/log-counter.js'
import { countRangeSync } from '../../../solutions/access-logs/read-sync.js'
import { buildReport } from '../../../solutions/access-logs/report.js'
import type { LogReport } from '../../../solutions/access-logs/types.js'
import type { ArgSpec, DataSize } from '../../types.js'
import type { BenchRound } from '../definition.js'
import { differences } from './compare.js'
import { sampleBlocks, samplePlans, type AccessLogsRoundParams, type SampleRef } from './samples.js'

/** Samples written while the round is prepared: tinybench's warm-up sample and the timed ones (see overrides). */
export const samplesPerRound = 3
const prewritten = samplesPerRound + 1
const maxCachedBlocks = 240

/** The big plain log of a data set: the file given, or access.log in the folder (else its largest plain file). */
export function dataFileOf(dataDir: string): string {
  if (statSync(dataDir).isFile()) return dataDir
  const names = readdirSync(dataDir)
  if (names.includes('access.log')) return join(dataDir, 'access.log')
  const plain = names
    .map((name) => join(dataDir, name))
    .filter((path) => !path.endsWith('.gz') && statSync(path).isFile())
    .sort((a, b) => statSync(b).size - statSync(a).size)
  if (!plain[0]) throw new Error(`access-logs: no plain log file in ${dataDir}`)
  return plain[0]
}

/** Why a real log cannot be benchmarked: no plain file, or too few lines for one block of the size's samples. */
export function accessLogsDataProblem(path: string, size: DataSize): string | undefined {
  let file: string
  try {
    file = dataFileOf(path)
  } catch (error) {
    return `${(error as Error).message}. Give an access log (plain text; .gz files are read by the checks only)`
  }
  const { blockLines } = samplePlans[size]
  const lines = countLinesUpTo(file, blockLines)
  if (lines >= blockLines) return undefined
  return (
    `${file} has ${lines} lines; the ${size} benchmark samples blocks of ${blockLines} lines. ` +
    `Give a longer log${size === 'tiny' ? '' : ', or run with --size tiny'}`
  )
}

function countLinesUpTo(file: string, limit: number): number {
  const fd = openSync(file, 'r')
  try {
    const buffer = Buffer.allocUnsafe(1 << 20)
    let lines = 0
    for (let position = 0; lines < limit;) {
      const read = readSync(fd, buffer, 0, buffer.length, position)
      if (read === 0) break
      for (let i = buffer.indexOf(10); i !== -1 && i < read; i = buffer.indexOf(10, i + 1)) lines++
      position += read
    }
    return lines
  } finally {
    closeSync(fd)
  }
}

interface BlockIndex {
  /** [start0, end0, start1, end1, …]: whole blocks of `blockLines` lines (a shorter last block is left out). */
  ranges: number[]
  counts: Map<number, LogCounts>
}

const indexes = new Map<string, BlockIndex>()

/** Byte offsets of every `blockLines`-th line start, found in one streaming pass (cached per file and size). */
function blockIndex(file: string, blockLines: number): BlockIndex {
  const { size, mtimeMs } = statSync(file)
  const key = `${file}:${size}:${mtimeMs}:${blockLines}`
  let index = indexes.get(key)
  if (index) return index
  const ranges: number[] = []
  const fd = openSync(file, 'r')
  try {
    const buffer = Buffer.allocUnsafe(4 << 20)
    let blockStart = 0
    let lines = 0
    let lastByte = 0x0a
    for (let position = 0; ;) {
      const read = readSync(fd, buffer, 0, buffer.length, position)
      if (read === 0) break
      lastByte = buffer[read - 1]!
      for (let at = buffer.indexOf(0x0a); at >= 0 && at < read; at = buffer.indexOf(0x0a, at + 1)) {
        if (++lines === blockLines) {
          ranges.push(blockStart, position + at + 1)
          blockStart = position + at + 1
          lines = 0
        }
      }
      position += read
    }
    // A last line without a newline still completes a block.
    if (lastByte !== 0x0a && lines + 1 === blockLines) ranges.push(blockStart, size)
  } finally {
    closeSync(fd)
  }
  index = { ranges, counts: new Map() }
  indexes.set(key, index)
  return index
}

function blockCounts(file: string, index: BlockIndex, block: number): LogCounts {
  let counts = index.counts.get(block)
  if (!counts) {
    const counter = new LogCounter()
    countRangeSync(file, counter, index.ranges[block * 2], index.ranges[block * 2 + 1])
    counts = counter.counts()
    if (index.counts.size >= maxCachedBlocks) index.counts.delete(index.counts.keys().next().value!)
    index.counts.set(block, counts)
  }
  return counts
}

export function accessLogsRound(roundSeed: number, size: DataSize, dataDir: string | undefined): BenchRound {
  if (!dataDir) throw new Error('access-logs: the benchmark needs a data set')
  const file = dataFileOf(dataDir)
  const { blockLines, blocksPerSample } = samplePlans[size]
  const index = blockIndex(file, blockLines)
  const blockCount = index.ranges.length / 2
  if (blockCount === 0)
    throw new Error(`access-logs: ${file} has fewer than ${blockLines} lines, too few to benchmark`)
  const expected = new Map<string, LogReport>()
  const expectedOf = (ref: SampleRef): LogReport => {
    const key = `${ref.sample}:${ref.call}`
    let report = expected.get(key)
    if (!report) {
      const counter = new LogCounter()
      for (const block of sampleBlocks(roundSeed, ref, blockCount, blocksPerSample)) {
        counter.merge(blockCounts(file, index, block))
      }
      expected.set(key, (report = buildReport(counter, 5)))
    }
    return report
  }
  // Computed now, before anything is timed: verify() runs inside the timed task.
  for (let sample = 0; sample < prewritten; sample++) expectedOf({ sample, call: 0 })
  const params: AccessLogsRoundParams = { file, ranges: index.ranges, roundSeed, blocksPerSample, prewritten }
  return {
    prepare: { name: 'access-logs.round', params },
    sample: (sample, calls) =>
      Array.from({ length: calls }, (_, call): ArgSpec[] => [
        { kind: 'input', name: 'access-logs.sample', params: { sample, call } satisfies SampleRef },
      ]),
    verify: (sample, call, value) => {
      if (typeof value !== 'object' || value === null)
        return `returned ${JSON.stringify(value)} instead of a report`
      let wrong: string[]
      try {
        wrong = differences(expectedOf({ sample, call }), value as LogReport)
      } catch {
        return 'returned a report without every field'
      }
      return wrong.length === 0
        ? undefined
        : `on a sample of ${blockLines * blocksPerSample} lines: ${wrong.slice(0, 3).join('; ')}`
    },
  }
}
