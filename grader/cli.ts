// argv → GradeOptions → pipeline → reports. The only file that prints usage or calls process.exit (besides the
// setup check, imported first so that it runs before any other module of the grader).
import './platform/exit-if-unsupported.js'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { inspect, parseArgs } from 'node:util'
import { gradeClass, type BatchOptions } from './batch/batch.js'
import { loadGradingConfig, type GradingConfig } from './config.js'
import { extractSubmission } from './discover/extract.js'
import { GraderError, GradingError, UsageError } from './errors.js'
import { definitions } from './exercises/index.js'
import { mergeShards } from './merge/merge.js'
import { gradeSubmission, solutionsDir } from './pipeline.js'
import { createBatchProgress, createProgress } from './report/progress.js'
import { printClassSummary, printSummary } from './report/summary.js'
import { terminalLine, terminalText } from './report/terminal.js'
import { writeClassReports } from './report/write-class.js'
import { writeSubmissionReports } from './report/write.js'
import { parseShard } from './shard/shard.js'
import { exerciseIds, type DataSize, type ExerciseId, type GradeOptions, type SandboxMode } from './types.js'
import { didYouMean } from './util/did-you-mean.js'
import { watchSubmission, type WatchSettings } from './watch/watch.js'

const usage = `Usage: npm run grade -- [options]
       npm run grade -- --submissions DIR [--jobs N] [--force] [--shard I/N] [options]
       npm run grade -- merge DIR... [--out DIR]
  --only ID,ID          some exercises (${Object.keys(definitions).join(', ')})
  --size tiny|small|full   benchmark data (default small)
  --quick               tiny data and short benchmarks
  --no-bench            correctness only
  --demo                grade the reference solutions
  --watch               regrade on save: only the exercises whose files changed, correctness only
  --bench               with --watch: time the strategies on every run (or press b)
  --poll                with --watch: poll the files (where file events do not arrive)
  --submission DIR      a folder shaped like exercises/ (default ./exercises)
  --seed N              data and per-round inputs (default 1)
  --sandbox auto|bwrap|none
  --submissions DIR     batch: each subfolder, .zip or .tar.gz in DIR is one student
  --jobs N              batch: submissions checked at once (default: cores)
  --force               batch: regrade students already graded
  --shard I/N           batch: one slice of the class (1-based)
  --out DIR             where reports go (default reports/latest; batch: reports/class)`

const flags = {
  only: { type: 'string' },
  size: { type: 'string' },
  quick: { type: 'boolean' },
  'no-bench': { type: 'boolean' },
  demo: { type: 'boolean' },
  watch: { type: 'boolean' },
  bench: { type: 'boolean' },
  poll: { type: 'boolean' },
  submission: { type: 'string' },
  submissions: { type: 'string' },
  seed: { type: 'string' },
  sandbox: { type: 'string' },
  data: { type: 'string', multiple: true },
  out: { type: 'string' },
  jobs: { type: 'string' },
  force: { type: 'boolean' },
  shard: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T
  const guess = didYouMean(value, allowed)
  throw new UsageError(
    `--${flag} "${value}" is not one of ${allowed.join(', ')}${guess ? `. Did you mean "${guess}"?` : ''}`,
  )
}

function parseExercises(only: string | undefined): ExerciseId[] {
  const available = exerciseIds.filter((id) => definitions[id])
  if (!only) return available
  return only.split(',').map((raw) => {
    const id = oneOf('only', raw.trim(), exerciseIds)
    if (!definitions[id])
      throw new UsageError(
        `--only ${id}: this exercise is not in this version of the grader yet; available: ${available.join(', ')}`,
      )
    return id
  })
}

function parseData(values: string[] | undefined): GradeOptions['data'] {
  const data: GradeOptions['data'] = {}
  for (const value of values ?? []) {
    const match = /^([a-z-]+)=(.+)$/.exec(value)
    if (!match)
      throw new UsageError(`--data "${value}" must be ID=PATH, e.g. --data access-logs=~/zanbil/access.log`)
    const id = oneOf('data', match[1]!, exerciseIds)
    if (!definitions[id]?.bench)
      throw new UsageError(
        `--data ${id}=…: the ${id} exercise has no benchmark, and its checks run on generated data; drop this --data`,
      )
    data[id] = resolve(match[2]!.replace(/^~(?=$|\/)/, process.env.HOME ?? '~'))
  }
  return data
}

/** PARLAB_SECRET (instructors' runs) is mixed into the seed, so hidden inputs cannot be computed from the public one. */
function secretSeed(
  seed: number,
  secret: string | undefined,
): Pick<GradeOptions, 'dataSeed' | 'secretFingerprint'> {
  if (!secret) return { dataSeed: seed }
  const digest = createHash('sha256').update(`${seed}\0${secret}`).digest()
  return {
    dataSeed: digest.readUInt32BE(0),
    secretFingerprint: createHash('sha256').update(secret).digest('hex').slice(0, 12),
  }
}

export type Command =
  | { kind: 'grade'; options: GradeOptions }
  | { kind: 'watch'; options: GradeOptions; settings: WatchSettings }
  | { kind: 'batch'; options: BatchOptions }
  | { kind: 'merge'; dirs: string[]; outDir: string }

function positiveInteger(flag: string, text: string): number {
  const value = Number(text)
  if (!Number.isSafeInteger(value) || value < 1)
    throw new UsageError(`--${flag} "${text}" must be a positive integer`)
  return value
}

export function parseCommand(argv: string[]): Command {
  let parsed
  try {
    parsed = parseArgs({ args: argv, options: flags, allowPositionals: true, strict: true })
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]}. See npm run grade -- --help`)
  }
  const { values, positionals } = parsed
  if (positionals[0] === 'merge') {
    const extra = Object.keys(values).filter((key) => key !== 'out')
    if (extra.length > 0) throw new UsageError(`merge takes only folders and --out, not --${extra[0]}`)
    if (positionals.length < 2)
      throw new UsageError(
        'merge needs the folders the shards wrote: npm run grade -- merge DIR... [--out DIR]',
      )
    return { kind: 'merge', dirs: positionals.slice(1), outDir: resolve(values.out ?? 'reports/class') }
  }
  if (positionals.length > 0)
    throw new UsageError(`unexpected argument "${positionals[0]}"; options start with --`)
  if (values.demo && (values.submission || values.submissions)) {
    throw new UsageError('--demo grades the references: drop --submission(s), or drop --demo')
  }
  if (values.submission && values.submissions)
    throw new UsageError('--submission grades one folder, --submissions a class: use one of them')
  if (values.watch && values.submissions)
    throw new UsageError('--watch regrades one folder on save: drop --submissions, or drop --watch')
  if (!values.watch) {
    const watchOnly = (['bench', 'poll'] as const).find((key) => values[key] !== undefined)
    if (watchOnly) throw new UsageError(`--${watchOnly} is for watch mode: add --watch`)
  }
  if (values.bench && values['no-bench']) throw new UsageError('--bench and --no-bench contradict each other')
  if (!values.submissions) {
    const batchOnly = (['jobs', 'force', 'shard'] as const).find((key) => values[key] !== undefined)
    if (batchOnly) throw new UsageError(`--${batchOnly} is for batch grading: add --submissions DIR`)
  }
  const seed = values.seed === undefined ? 1 : Number(values.seed)
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new UsageError(`--seed "${values.seed}" must be an integer from 0 to 4294967295`)
  }
  const quick = values.quick ?? false
  const secret = process.env.PARLAB_SECRET
  const options: GradeOptions = {
    ...secretSeed(seed, secret),
    exercises: parseExercises(values.only),
    size: quick ? 'tiny' : oneOf<DataSize>('size', values.size ?? 'small', ['tiny', 'small', 'full']),
    quick,
    bench: !values['no-bench'],
    seed,
    sandbox: oneOf<SandboxMode>('sandbox', values.sandbox ?? 'auto', ['auto', 'bwrap', 'none']),
    outDir: resolve(values.out ?? (values.submissions ? 'reports/class' : 'reports/latest')),
    submissionDir: values.demo ? solutionsDir : resolve(values.submission ?? 'exercises'),
    demo: values.demo ?? false,
    data: parseData(values.data),
  }
  if (values.watch)
    return { kind: 'watch', options, settings: { bench: values.bench ?? false, poll: values.poll ?? false } }
  if (!values.submissions) return { kind: 'grade', options }
  return {
    kind: 'batch',
    options: {
      ...options,
      submissionsDir: resolve(values.submissions),
      jobs: values.jobs === undefined ? availableParallelism() : positiveInteger('jobs', values.jobs),
      force: values.force ?? false,
      ...(values.shard ? { shard: parseShard(values.shard) } : {}),
      ...(secret ? { secret } : {}),
    },
  }
}

/** One submission: a folder, or an archive unpacked first (the regrade command of a batch student points at one). */
async function gradeOne(options: GradeOptions, config: GradingConfig): Promise<number> {
  let unpacked: string | undefined
  if (/\.(zip|tar\.gz|tgz)$/i.test(options.submissionDir) && existsSync(options.submissionDir)) {
    unpacked = mkdtempSync(join(tmpdir(), 'parlab-one-'))
    try {
      options = {
        ...options,
        studentId: basename(options.submissionDir).replace(/\.(zip|tar\.gz|tgz)$/i, ''),
        submissionDir: await extractSubmission(options.submissionDir, unpacked),
      }
    } catch (error) {
      throw new GradingError(`${options.submissionDir}: ${(error as Error).message}`)
    }
  }
  const progress = createProgress(process.stderr, { cores: availableParallelism() })
  try {
    const grade = await gradeSubmission(options, config, progress.events)
    progress.stop()
    const written = await writeSubmissionReports(grade, options.outDir)
    printSummary(process.stdout, grade, written)
  } finally {
    progress.stop()
    if (unpacked) rmSync(unpacked, { recursive: true, force: true })
  }
  return 0
}

async function gradeBatch(options: BatchOptions, config: GradingConfig): Promise<number> {
  const progress = createBatchProgress(process.stderr)
  let result
  try {
    result = await gradeClass(options, config, progress)
  } finally {
    progress.stop()
  }
  if (options.shard) {
    const { current, total } = options.shard
    console.log(
      `shard ${current}/${total}: ${result.run.students.length} students → ${terminalLine(options.outDir)}`,
    )
    console.log(`merge the shards with: npm run grade -- merge <the --out folder of each shard>`)
  } else {
    const paths = writeClassReports(result.run, options.outDir)
    printClassSummary(process.stdout, result, paths)
  }
  return 0
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(usage)
    return 0
  }
  const command = parseCommand(argv)
  if (command.kind === 'merge') {
    const run = mergeShards(command.dirs, command.outDir)
    const paths = writeClassReports(run, command.outDir)
    printClassSummary(process.stdout, { run, changes: [], resumed: 0 }, paths)
    return 0
  }
  const config = loadGradingConfig()
  if (command.kind === 'watch') return watchSubmission(command.options, config, command.settings)
  return command.kind === 'batch' ? gradeBatch(command.options, config) : gradeOne(command.options, config)
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    // Messages name paths and student ids: printed without escape sequences or control characters.
    if (error instanceof GraderError) {
      console.error(`parlab: ${terminalText(error.message)}`)
      process.exit(error.exitCode)
    }
    console.error(`parlab: the grader failed: ${terminalText(inspect(error))}`)
    process.exit(1)
  },
)
