import cliProgress from 'cli-progress'
import type { BatchProgress } from '../batch/batch.js'
import type { PipelineEvents } from '../types.js'
import { terminalLine } from './terminal.js'

export interface Progress {
  events: PipelineEvents
  stop(): void
}

/** A progress bar with counts and ETA on a terminal; a few plain lines elsewhere; nothing at all in CI. */
export function createProgress(stream: NodeJS.WriteStream, _info: { cores: number }): Progress {
  const quiet = Boolean(process.env.CI)
  if (quiet) return { events: {}, stop: () => undefined }
  const generating = new Set<string>()
  if (!stream.isTTY) {
    return {
      events: {
        onExerciseStart: (id, phase) =>
          stream.write(`${terminalLine(id)}: ${phase === 'checks' ? 'checking' : 'benchmarking'}…\n`),
        onDataProgress(id, size) {
          if (generating.has(`${id}/${size}`)) return
          generating.add(`${id}/${size}`)
          stream.write(`${terminalLine(id)}: generating its ${size} data set (once; later runs reuse it)…\n`)
        },
      },
      stop: () => undefined,
    }
  }
  const bar = new cliProgress.SingleBar(
    {
      format: ' {bar} {value}/{total} {label} | ETA {eta_formatted}',
      hideCursor: true,
      stream,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  )
  let started = false
  let checks = 0
  return {
    events: {
      onExerciseStart(id, phase, total) {
        if (started) bar.stop()
        started = true
        checks = 0
        bar.start(total, 0, {
          label: terminalLine(`${id} ${phase === 'checks' ? 'checks' : 'benchmark rounds (up to)'}`),
        })
      },
      onCheck(result) {
        checks++
        bar.update(checks, {
          label: terminalLine(
            `${result.exerciseId} checks (${result.status} ${result.strategy} › ${result.name})`,
          ).slice(0, 70),
        })
      },
      onDataProgress(id, size, done, total) {
        const label = terminalLine(`${id}: generating its ${size} data set (once)`)
        if (!generating.has(`${id}/${size}`)) {
          generating.add(`${id}/${size}`)
          if (started) bar.stop()
          started = true
          bar.start(total, done, { label })
        } else bar.update(done, { label })
      },
      onBenchRound(id, round) {
        bar.update(round, { label: terminalLine(`${id} benchmark rounds (up to)`) })
      },
    },
    stop: () => started && bar.stop(),
  }
}

/** Batch: students done of all, failures, ETA; a line per student when not on a terminal; nothing in CI. */
export function createBatchProgress(stream: NodeJS.WriteStream): BatchProgress & { stop(): void } {
  if (process.env.CI) return { stop: () => undefined }
  let failures = 0
  let done = 0
  if (!stream.isTTY) {
    return {
      onStudent: (row, resumed) => {
        done++
        stream.write(
          `${done} ${terminalLine(row.student)}: ${resumed ? 'unchanged, kept' : row.status} ${row.score}/${row.maxScore}\n`,
        )
      },
      stop: () => undefined,
    }
  }
  const bar = new cliProgress.SingleBar(
    {
      format: ' {bar} {value}/{total} students | {failures} not graded | ETA {eta_formatted} | {last}',
      stream,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  )
  let started = false
  return {
    onStart: (total) => {
      started = true
      bar.start(total, 0, { failures: 0, last: '' })
    },
    onStudent: (row) => {
      if (row.status !== 'graded') failures++
      bar.increment(1, { failures, last: terminalLine(`${row.student} ${row.status}`).slice(0, 40) })
    },
    stop: () => started && bar.stop(),
  }
}
