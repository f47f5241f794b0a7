// `npm run grade -- --watch`: grade, then regrade on save. The same pipeline as a one-off run (so a pass here is a
// pass in the instructor's run, hidden checks aside), limited to the exercises whose files changed, correctness
// only unless --bench or the b key asks for timings. The report in reports/latest reloads itself.
import { availableParallelism } from 'node:os'
import type { GradingConfig } from '../config.js'
import { gradeSubmission } from '../pipeline.js'
import { createProgress } from '../report/progress.js'
import { printSummary } from '../report/summary.js'
import { terminalLine } from '../report/terminal.js'
import { writeSubmissionReports } from '../report/write.js'
import type { ExerciseId, GradeOptions, SubmissionGrade } from '../types.js'
import { checkChanges, exercisesOf, withRegraded } from './changes.js'
import { watchFiles } from './file-events.js'

/** Editors save twice (a temporary file, then a rename): changes closer than this make one run. */
export const debounceMs = 250
const maxListedChanges = 12

export interface WatchIo {
  out: NodeJS.WriteStream
  err: NodeJS.WriteStream
  input: NodeJS.ReadStream
}

export interface WatchSettings {
  /** Time the strategies on every run, not only when the b key asks. */
  bench: boolean
  /** Poll the files instead of waiting for the system's file events. */
  poll: boolean
}

interface Run {
  exercises: ExerciseId[]
  bench: boolean
}

export function watchSubmission(
  options: GradeOptions,
  config: GradingConfig,
  settings: WatchSettings,
  io: WatchIo = { out: process.stdout, err: process.stderr, input: process.stdin },
): Promise<number> {
  const all = options.exercises
  let last: SubmissionGrade | undefined
  let running = false
  let queued: Run | undefined
  let changed = new Set<string>()
  let timer: NodeJS.Timeout | undefined
  let lastRegraded: ExerciseId[] = all
  let finish: (code: number) => void = () => undefined
  const done = new Promise<number>((resolve) => (finish = resolve))
  const say = (text: string): boolean => io.out.write(`${terminalLine(text)}\n`)

  const merge = (into: Run | undefined, run: Run): Run => ({
    exercises: all.filter((id) => run.exercises.includes(id) || into?.exercises.includes(id)),
    bench: run.bench || (into?.bench ?? false),
  })

  async function grade(run: Run): Promise<void> {
    if (running) {
      queued = merge(queued, run)
      return
    }
    running = true
    const started = performance.now()
    const progress = createProgress(io.err, { cores: availableParallelism() })
    try {
      const fresh = await gradeSubmission(
        { ...options, exercises: run.exercises, bench: run.bench },
        config,
        progress.events,
      )
      progress.stop()
      const before = last
      last = before ? withRegraded(before, fresh) : fresh
      const written = await writeSubmissionReports(last, options.outDir, { live: true })
      lastRegraded = run.exercises
      if (!before) printSummary(io.out, last, written)
      else {
        const seconds = ((performance.now() - started) / 1000).toFixed(1)
        const changes = checkChanges(before, last, run.exercises)
        say('')
        say(
          `${new Date().toLocaleTimeString()} ${run.exercises.join(', ')} regraded in ${seconds} s` +
            `${run.bench ? ' with timings' : ''}: ${before.score} → ${last.score} / ${last.maxScore}`,
        )
        if (changes.length === 0) say('  no check changed')
        for (const change of changes.slice(0, maxListedChanges))
          say(
            `  ${change.after === 'passed' ? '✔' : change.after === 'failed' ? '✘' : '·'} ${change.name}: ${change.before} → ${change.after}`,
          )
        if (changes.length > maxListedChanges)
          say(`  … and ${changes.length - maxListedChanges} more (see the report)`)
        say(`Report: ${written.html}`)
      }
    } catch (error) {
      progress.stop()
      // A grader problem (a broken config, an unwritable --out) ends this run, not the watch.
      say(`parlab: this run failed: ${(error as Error).message}`)
    } finally {
      running = false
    }
    say(`watching ${options.submissionDir} · b: time it · a: regrade all · q: quit`)
    if (queued) {
      const next = queued
      queued = undefined
      await grade(next)
    }
  }

  const files = watchFiles(
    options.submissionDir,
    (path) => {
      changed.add(path)
      clearTimeout(timer)
      timer = setTimeout(() => {
        const exercises = exercisesOf(changed, all)
        changed = new Set()
        if (exercises.length > 0) void grade({ exercises, bench: settings.bench })
      }, debounceMs)
    },
    { poll: settings.poll },
  )

  const onKey = (data: Buffer): void => {
    const key = data.toString()
    if (key.includes('q') || key.includes('\u0003')) stop()
    else if (key.includes('b')) void grade({ exercises: lastRegraded, bench: true })
    else if (key.includes('a')) void grade({ exercises: all, bench: settings.bench })
  }
  function stop(): void {
    files.close()
    clearTimeout(timer)
    io.input.off('data', onKey)
    if (io.input.isTTY) io.input.setRawMode(false)
    io.input.pause()
    process.off('SIGINT', stop)
    process.off('SIGTERM', stop)
    finish(0)
  }
  if (io.input.isTTY) io.input.setRawMode(true)
  io.input.on('data', onKey)
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)

  say(`parlab: watching ${options.submissionDir} (${files.how}); a saved file regrades its exercise`)
  void grade({ exercises: all, bench: settings.bench })
  return done
}
