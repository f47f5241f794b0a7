import { Ajv } from 'ajv'
import type { Caller, CallResult, CheckResult, CheckSpec, ExerciseManifest, RunOutcome } from '../types.js'
import type {
  AgreementCheck,
  CheckContext,
  ExerciseDefinition,
  Judgement,
  ValueCheck,
} from '../exercises/definition.js'
import { PromiseCache } from '../util/promise-cache.js'
import { describeFailure, describeValue, valueProblem } from './describe.js'

export interface CheckRun {
  definition: ExerciseDefinition
  call: Caller
  seed: number
  /** The tiny data set, for exercises whose data lives on disk. */
  dataDir?: string
  /** Per-call timeouts by "<exercise>/<check>/<strategy>"; the manifest's limit otherwise. */
  callTimeoutsMs?: Record<string, number>
  /** Called after each check, for progress. */
  onCheck?: (result: CheckResult) => void
  /** Called with the returned value of each value check that passed (e.g. for a dashboard). */
  onPassedValue?: (checkId: string, entry: string, value: unknown) => void
}

/** The calls made so far by "<check>/<entry>", for checks that judge an earlier check's call (sameCallAs). */
type CallLog = Map<string, CallResult>

const ajv = new Ajv({ allErrors: false, strict: true })

/** The longest message or hint a check keeps: judges quote returned values, which students control. */
export const maxMessageChars = 8_000

function capped(text: string): string {
  if (text.length <= maxMessageChars) return text
  const cut = text.slice(0, maxMessageChars)
  return `${cut} … (${(text.length - cut.length).toLocaleString('en-US')} more characters not shown)`
}

function result(
  manifest: ExerciseManifest,
  spec: CheckSpec,
  strategy: string,
  judgement: Judgement,
  stderrTail?: string,
): CheckResult {
  return {
    exerciseId: manifest.id,
    strategy,
    checkId: spec.id,
    name: spec.name,
    kind: 'correctness',
    status: judgement.passed ? 'passed' : 'failed',
    points: judgement.passed ? spec.points : 0,
    maxPoints: spec.points,
    visibility: spec.visibility,
    ...(judgement.message ? { message: capped(String(judgement.message)) } : {}),
    ...(judgement.hint ? { hint: capped(String(judgement.hint)) } : {}),
    ...(!judgement.passed && stderrTail?.trim() ? { stderrTail: stderrTail.trim() } : {}),
  }
}

/** The returned value's shape, checked with ajv before any comparison; undefined when it is fine. */
function shapeProblem(definition: ExerciseDefinition, entry: string, call: CallResult): string | undefined {
  const { outcome } = call
  const file = definition.manifest.entries[entry]!
  if (call.forgedReplies) {
    return (
      `the code sent the grader ${call.forgedReplies} message(s) of its own on the channel to the grader, posing as results; ` +
      'they were ignored, and the check fails. Return the result instead.'
    )
  }
  if (outcome.state !== 'returned') return describeFailure(outcome, `${definition.manifest.id}/${file.file}`)
  if (file.sync && outcome.wasPromise) {
    return `${file.export} returned a Promise: it must return its result directly (synchronously).`
  }
  // Before any schema or judge reads it: a value that refers to itself, or is too deep or too large, is wrong data.
  const problem = valueProblem(outcome.value)
  if (problem) return problem
  const schema = definition.resultSchemas[entry]
  if (!schema) return undefined
  const validate = ajv.compile(schema)
  if (validate(outcome.value)) return undefined
  const error = validate.errors?.[0]
  const path = error?.instancePath ?? ''
  const where = path ? ` at ${path.length > 200 ? `${path.slice(0, 200)}…` : path}` : ''
  return `returned ${describeValue(outcome.value)}${where}: ${error?.message ?? 'wrong shape'}`
}

/**
 * A judge's verdict, or a failed check when the judge threw on the value: a returned value the grader cannot judge
 * is the submission's failed check, never the end of its grading.
 */
async function judged(judge: () => Judgement | Promise<Judgement>, value: () => string): Promise<Judgement> {
  try {
    return await judge()
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : describeValue(error)
    return {
      passed: false,
      message: `the grader could not judge what was returned (${reason.slice(0, 300)}): ${value()}`,
    }
  }
}

function timeoutOf(run: CheckRun, spec: CheckSpec, entry: string): number {
  const { manifest } = run.definition
  return run.callTimeoutsMs?.[`${manifest.id}/${spec.id}/${entry}`] ?? manifest.limits.callTimeoutMs
}

// Expected values depend only on the check, the entry, the seed and the data: a batch computes each once. Every
// caller gets its own copy, so that a judge that sorts or trims its expected value cannot change the next one's.
const expectedValues = new PromiseCache<unknown>()

async function expectedValue(
  run: CheckRun,
  spec: CheckSpec,
  check: ValueCheck,
  ctx: CheckContext,
): Promise<unknown> {
  const key = JSON.stringify([run.definition.manifest.id, spec.id, ctx.entry, ctx.seed, ctx.dataDir ?? null])
  return structuredClone(await expectedValues.get(key, () => check.expected(ctx)))
}

async function runValueCheck(
  run: CheckRun,
  spec: CheckSpec,
  check: ValueCheck,
  entry: string,
  calls: CallLog,
): Promise<CheckResult> {
  const { manifest } = run.definition
  const ctx = { entry, seed: run.seed, ...(run.dataDir ? { dataDir: run.dataDir } : {}) }
  const call =
    (check.sameCallAs && calls.get(`${check.sameCallAs}/${entry}`)) ||
    (await run.call(entry, check.args(ctx), timeoutOf(run, spec, entry)))
  calls.set(`${spec.id}/${entry}`, call)
  const problem = shapeProblem(run.definition, entry, call)
  if (problem) {
    const { outcome } = call
    const hint = outcome.state === 'threw' ? run.definition.failureHint?.(outcome.error, entry) : undefined
    const judgement = { passed: false, message: problem, ...(hint ? { hint } : {}) }
    return result(manifest, spec, entry, judgement, call.stderrTail)
  }
  const { value, progressCalls = 0, durationMs } = call.outcome as Extract<RunOutcome, { state: 'returned' }>
  const judgeCtx = { ...ctx, scratchDir: call.scratchDir ?? '', progressCalls }
  const expected = await expectedValue(run, spec, check, ctx)
  const judgement = await judged(
    () => check.judge(value, expected, judgeCtx),
    () => `returned ${describeValue(value)}`,
  )
  const checked = result(manifest, spec, entry, judgement)
  if (checked.status === 'passed') run.onPassedValue?.(spec.id, entry, value)
  return { ...checked, durationMs }
}

async function runAgreementCheck(
  run: CheckRun,
  spec: CheckSpec,
  check: AgreementCheck,
): Promise<CheckResult> {
  const { manifest } = run.definition
  const received: Record<string, unknown> = {}
  const problems: string[] = []
  for (const entry of manifest.strategies) {
    const ctx = { entry, seed: run.seed, ...(run.dataDir ? { dataDir: run.dataDir } : {}) }
    const call = await run.call(entry, check.args(ctx), timeoutOf(run, spec, entry))
    const problem = shapeProblem(run.definition, entry, call)
    if (problem) problems.push(`${entry}: ${problem.split('\n')[0]}`)
    else received[entry] = (call.outcome as { value: unknown }).value
  }
  if (problems.length > 0) {
    return result(manifest, spec, 'all', {
      passed: false,
      message: `not every strategy returned a value:\n${problems.join('\n')}`,
    })
  }
  const judgement = await judged(
    () => check.judge(received, { seed: run.seed, ...(run.dataDir ? { dataDir: run.dataDir } : {}) }),
    () =>
      Object.entries(received)
        .map(([entry, value]) => `${entry} returned ${describeValue(value)}`)
        .join('; '),
  )
  return result(manifest, spec, 'all', judgement)
}

/** Runs every correctness check of the exercise against the isolated code; expected values stay in the grader. */
export async function runChecks(run: CheckRun): Promise<CheckResult[]> {
  const results: CheckResult[] = []
  const calls: CallLog = new Map()
  const { manifest, checks } = run.definition
  for (const spec of manifest.checks) {
    const check = checks[spec.id]
    if (!check) throw new Error(`grader/exercises/${manifest.id}: check "${spec.id}" has no implementation`)
    const produced =
      check.kind === 'agreement'
        ? [await runAgreementCheck(run, spec, check)]
        : await sequence(
            (spec.entries === 'all' ? manifest.strategies : spec.entries).map(
              (entry) => () => runValueCheck(run, spec, check, entry, calls),
            ),
          )
    for (const checkResult of produced) {
      results.push(checkResult)
      run.onCheck?.(checkResult)
    }
  }
  return results
}

async function sequence<T>(tasks: (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = []
  for (const task of tasks) out.push(await task())
  return out
}
