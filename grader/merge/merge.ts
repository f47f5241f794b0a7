// Shard outputs → one class report: validate every event log, then replay its students into the class outputs.
import { Ajv } from 'ajv'
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { withClassMaximum } from '../batch/batch.js'
import type { BatchEvent } from '../batch/events.js'
import { createEventLog } from '../batch/events.js'
import { GradingError } from '../errors.js'
import type { ClassRun, DataSize, ExerciseId, StudentRow } from '../types.js'
import eventSchema from './event.schema.json' with { type: 'json' }

const validateEvent = new Ajv({ allErrors: false, strict: false }).compile<BatchEvent>(eventSchema)
const shardFile = /^shard-(\d+)-of-(\d+)\.jsonl$/

interface ShardLog {
  dir: string
  file: string
  begin: Extract<BatchEvent, { type: 'begin' }>
  rows: StudentRow[]
  ended: boolean
}

function readShardLog(dir: string, file: string): ShardLog {
  const path = join(dir, file)
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
  const events = lines.map((line, i) => {
    let event: unknown
    try {
      event = JSON.parse(line)
    } catch {
      throw new GradingError(`${path}:${i + 1}: not JSON. Rerun that shard.`)
    }
    if (!validateEvent(event)) {
      const error = validateEvent.errors?.[0]
      throw new GradingError(
        `${path}:${i + 1}: "${error?.instancePath || '/'}" ${error?.message}. Rerun that shard.`,
      )
    }
    return event
  })
  const begin = events[0]
  if (begin?.type !== 'begin')
    throw new GradingError(`${path}: does not start with a "begin" event. Rerun that shard.`)
  return {
    dir,
    file,
    begin,
    rows: events.flatMap((event) => (event.type === 'student' ? [event.row] : [])),
    ended: events.some((event) => event.type === 'end'),
  }
}

/** Every shard log in the given folders, checked: one grader version and run, shards 1..N each exactly once, complete. */
export function readShards(dirs: string[]): ShardLog[] {
  const logs: ShardLog[] = []
  for (const dir of dirs.map((d) => resolve(d))) {
    if (!existsSync(dir)) throw new GradingError(`merge: ${dir}: no such folder`)
    const files = readdirSync(dir).filter((name) => shardFile.test(name))
    if (files.length === 0) {
      throw new GradingError(
        `merge: no shard files (shard-<I>-of-<N>.jsonl) in ${dir}. Pass the --out folders of the shards.`,
      )
    }
    logs.push(...files.map((file) => readShardLog(dir, file)))
  }
  const [first] = logs
  for (const log of logs) {
    if (log.begin.graderVersion !== first!.begin.graderVersion) {
      throw new GradingError(
        `merge: ${join(log.dir, log.file)} was graded by grader ${log.begin.graderVersion}, ${join(first!.dir, first!.file)} by ${first!.begin.graderVersion}. Regrade with one version.`,
      )
    }
    if (log.begin.runKey !== first!.begin.runKey) {
      throw new GradingError(
        `merge: ${join(log.dir, log.file)} was graded with other options (seed, secret, --only, --size or benchmarks) than ${join(first!.dir, first!.file)}. Regrade with the same options.`,
      )
    }
    if (!log.ended)
      throw new GradingError(
        `merge: ${join(log.dir, log.file)} has no "end" event: that shard did not finish. Rerun it.`,
      )
  }
  const total = first!.begin.shard?.total ?? 1
  const seen = new Map<number, string>()
  for (const log of logs) {
    const index = log.begin.shard?.current ?? 1
    if ((log.begin.shard?.total ?? 1) !== total) {
      throw new GradingError(
        `merge: ${join(log.dir, log.file)} is one of ${log.begin.shard?.total} shards, others of ${total}.`,
      )
    }
    const earlier = seen.get(index)
    if (earlier)
      throw new GradingError(
        `merge: shard ${index}/${total} appears twice: ${earlier} and ${join(log.dir, log.file)}.`,
      )
    seen.set(index, join(log.dir, log.file))
  }
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !seen.has(i))
  if (missing.length > 0) {
    throw new GradingError(
      `merge: missing shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${total}`).join(', ')}. Run them, then merge again.`,
    )
  }
  return logs.sort((a, b) => (a.begin.shard?.current ?? 1) - (b.begin.shard?.current ?? 1))
}

/** Merges shard outputs into OUT: students' folders copied in, one event log, and the class run to render. */
export function mergeShards(dirs: string[], outDir: string): ClassRun {
  const logs = readShards(dirs)
  const first = logs[0]!.begin
  const out = resolve(outDir)
  const log = createEventLog(join(out, 'events.jsonl'))
  log.write({ ...first, students: logs.flatMap((l) => l.begin.students) })
  for (const shard of logs) {
    if (resolve(shard.dir) !== out && existsSync(join(shard.dir, 'students'))) {
      cpSync(join(shard.dir, 'students'), join(out, 'students'), { recursive: true })
    }
    for (const row of shard.rows) log.write({ type: 'student', row, resumed: false })
  }
  const durationMs = Math.max(...logs.map((l) => Date.now() - Date.parse(l.begin.startedAt)))
  log.write({ type: 'end', durationMs })
  const rows = logs
    .flatMap((l) => l.rows)
    .sort((a, b) => (a.student < b.student ? -1 : a.student > b.student ? 1 : 0))
  return {
    schemaVersion: 1,
    graderVersion: first.graderVersion,
    startedAt: first.startedAt,
    durationMs,
    seed: first.options.seed,
    ...(first.options.secretFingerprint ? { secretFingerprint: first.options.secretFingerprint } : {}),
    size: first.options.size as DataSize,
    bench: first.options.bench,
    exercises: first.options.exercises as ExerciseId[],
    machines: logs.map((l) => ({
      ...(l.begin.shard ? { shard: l.begin.shard.current } : {}),
      machine: l.begin.machine,
    })),
    students: withClassMaximum(rows),
  }
}
