// argv → GradeOptions → pipeline → reports. The only file that prints usage or calls process.exit.
import { createHash } from 'node:crypto'
import { availableParallelism } from 'node:os'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { loadGradingConfig } from './config.js'
import { GraderError, UsageError } from './errors.js'
import { definitions } from './exercises/index.js'
import { gradeSubmission, solutionsDir } from './pipeline.js'
import { createProgress } from './report/progress.js'
import { printSummary } from './report/summary.js'
import { writeSubmissionReports } from './report/write.js'
import { exerciseIds, type DataSize, type ExerciseId, type GradeOptions, type SandboxMode } from './types.js'
import { didYouMean } from './util/did-you-mean.js'

const usage = `Usage: npm run grade -- [options]
  --only ID,ID          some exercises (${Object.keys(definitions).join(', ')})
  --size tiny|small|full   benchmark data (default small)
  --quick               tiny data and short benchmarks
  --no-bench            correctness only
  --demo                grade the reference solutions
  --submission DIR      a folder shaped like exercises/ (default ./exercises)
  --seed N              data and per-round inputs (default 1)
  --sandbox auto|bwrap|none
  --out DIR             where reports go (default reports/latest)`

const flags = {
  only: { type: 'string' },
  size: { type: 'string' },
  quick: { type: 'boolean' },
  'no-bench': { type: 'boolean' },
  demo: { type: 'boolean' },
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
    if (id === 'sum')
      throw new UsageError('--data sum=…: the sum exercise takes no real data; drop this --data')
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

export function parseGradeArgs(argv: string[]): GradeOptions {
  let parsed
  try {
    parsed = parseArgs({ args: argv, options: flags, allowPositionals: true, strict: true })
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]}. See npm run grade -- --help`)
  }
  const { values, positionals } = parsed
  if (positionals[0] === 'merge' || values.submissions || values.shard || values.jobs || values.force) {
    throw new UsageError(
      'batch grading (--submissions, --shard, --jobs, --force, merge) is not in this version yet; grade one folder with --submission DIR',
    )
  }
  if (positionals.length > 0)
    throw new UsageError(`unexpected argument "${positionals[0]}"; options start with --`)
  if (values.demo && values.submission)
    throw new UsageError('--demo grades the references: drop --submission, or drop --demo')
  const seed = values.seed === undefined ? 1 : Number(values.seed)
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new UsageError(`--seed "${values.seed}" must be an integer from 0 to 4294967295`)
  }
  const quick = values.quick ?? false
  return {
    ...secretSeed(seed, process.env.PARLAB_SECRET),
    exercises: parseExercises(values.only),
    size: quick ? 'tiny' : oneOf<DataSize>('size', values.size ?? 'small', ['tiny', 'small', 'full']),
    quick,
    bench: !values['no-bench'],
    seed,
    sandbox: oneOf<SandboxMode>('sandbox', values.sandbox ?? 'auto', ['auto', 'bwrap', 'none']),
    outDir: resolve(values.out ?? 'reports/latest'),
    submissionDir: values.demo ? solutionsDir : resolve(values.submission ?? 'exercises'),
    demo: values.demo ?? false,
    data: parseData(values.data),
  }
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(usage)
    return 0
  }
  const options = parseGradeArgs(argv)
  const config = loadGradingConfig()
  const progress = createProgress(process.stderr, { cores: availableParallelism() })
  let grade
  try {
    grade = await gradeSubmission(options, config, progress.events)
  } finally {
    progress.stop()
  }
  const written = await writeSubmissionReports(grade, options.outDir)
  printSummary(process.stdout, grade, written)
  return 0
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof GraderError) {
      console.error(`parlab: ${error.message}`)
      process.exit(error.exitCode)
    }
    console.error('parlab: the grader failed:', error)
    process.exit(1)
  },
)
