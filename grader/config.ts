// The grading config (grader/config.json): every speed weight, threshold and budget, validated with ajv.
import { Ajv, type ErrorObject } from 'ajv'
import { readFileSync } from 'node:fs'
import { isAbsolute, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ConfigError } from './errors.js'
import { didYouMean } from './util/did-you-mean.js'
import type { ExerciseId } from './types.js'
import configSchema from './config.schema.json' with { type: 'json' }

export interface GradingConfig {
  $schema?: string
  speed: {
    pointsVsReference: number
    pointsSpeedup: number
    fullPointsRatio: number
    zeroPointsRatio: number
    equalBand: number
    speedupFullFraction: number
    speedupZeroFraction: number
    maxRelativeWidth: number
    ownScatterTolerance: number
    noiseFloor: number
    busyMachineCores: number
    confidence: number
    bootstrapResamples: number
  }
  rounds: {
    min: number
    max: number
    quickMin: number
    quickMax: number
    samplesPerRound: number
    targetSampleMs: number
    quickTargetSampleMs: number
    budgetMs: number
    quickBudgetMs: number
  }
  limits: {
    benchTimeoutFactor: number
    minBenchTimeoutMs: number
    submissionTimeoutMs: number
    callTimeoutFactor: number
    minCallTimeoutMs: number
    /** Resident-memory limit of a child's process tree by exercise; else the manifest's. */
    memoryMb?: Partial<Record<ExerciseId, number>>
    /** Time for one submission's type check; over it, the check is skipped with a warning. */
    typeCheckTimeoutMs?: number
    /** JS heap of the type check's thread; over it, the check is skipped with a warning. */
    typeCheckMemoryMb?: number
  }
}

export type SpeedConfig = GradingConfig['speed']

export const defaultConfigPath = fileURLToPath(new URL('./config.json', import.meta.url))

const validateConfig = new Ajv({ allErrors: false }).compile<GradingConfig>(configSchema)

const fix = 'Fix the value or restore the default.'

/** Reads and validates a grading config; any problem is a ConfigError with a one-line message. */
export function loadGradingConfig(path: string = defaultConfigPath): GradingConfig {
  const file = displayPath(path)
  const data = readConfigJson(path, file)
  if (!validateConfig(data))
    throw new ConfigError(`${file}: ${describeSchemaError(data, validateConfig.errors?.[0])}`)
  const broken = crossFieldProblem(data)
  if (broken) throw new ConfigError(`${file}: ${broken}`)
  return data
}

function displayPath(path: string): string {
  const rel = relative(process.cwd(), path)
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path
}

function readConfigJson(path: string, file: string): unknown {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'unreadable'
    throw new ConfigError(
      `${file}: cannot read the config (${code}). Pass an existing file or restore grader/config.json.`,
      {
        cause,
      },
    )
  }
  try {
    return JSON.parse(text) as unknown
  } catch (cause) {
    throw new ConfigError(`${file}: not valid JSON (${(cause as Error).message}). Fix the syntax.`, { cause })
  }
}

/** Orderings between fields that JSON Schema cannot express: [field, operator, other field]. */
const orderings = [
  ['speed.zeroPointsRatio', '>', 'speed.fullPointsRatio'],
  ['speed.speedupZeroFraction', '<', 'speed.speedupFullFraction'],
  ['rounds.max', '>=', 'rounds.min'],
  ['rounds.quickMax', '>=', 'rounds.quickMin'],
] as const

const holds = {
  '>': (a: number, b: number) => a > b,
  '<': (a: number, b: number) => a < b,
  '>=': (a: number, b: number) => a >= b,
}

function crossFieldProblem(config: GradingConfig): string | undefined {
  for (const [field, operator, other] of orderings) {
    const value = valueAt(config, field.split('.')) as number
    const bound = valueAt(config, other.split('.')) as number
    if (!holds[operator](value, bound)) {
      return `"${field}" must be ${operator} ${other} (got ${value}, against ${bound}). ${fix}`
    }
  }
  return undefined
}

function describeSchemaError(data: unknown, error: ErrorObject | undefined): string {
  if (!error) return `is invalid. ${fix}`
  const path = pointerSegments(error.instancePath)
  const misspelt = unknownKey(data, path, error)
  if (misspelt) return misspelt
  const field = fieldName(path)
  if (error.propertyName !== undefined) {
    const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues ?? []
    const suggestion = didYouMean(error.propertyName, allowed.map(String))
    const hint = suggestion ? `did you mean "${suggestion}"?` : `allowed: ${allowed.join(', ')}.`
    return `"${fieldName([...path, error.propertyName])}" is not an exercise; ${hint} Rename or remove it.`
  }
  if (error.keyword === 'required') {
    const missing = fieldName([...path, String(error.params.missingProperty)])
    return `"${missing}" is missing. Add it or restore the default.`
  }
  return `"${field}" must be ${allowedBy(error)} (got ${JSON.stringify(valueAt(data, path))}). ${fix}`
}

/** A key the schema does not know, reported with the nearest known key (a misspelt key also shows up as missing). */
function unknownKey(data: unknown, path: string[], error: ErrorObject): string | undefined {
  if (error.keyword !== 'required' && error.keyword !== 'additionalProperties') return undefined
  const target = valueAt(data, path)
  const known = Object.keys(schemaAt(path)?.properties ?? {})
  if (!isRecord(target) || known.length === 0) return undefined
  const stranger = Object.keys(target).find((key) => !known.includes(key))
  if (stranger === undefined) return undefined
  const suggestion = didYouMean(stranger, known)
  const hint = suggestion
    ? `; did you mean "${fieldName([...path, suggestion])}"?`
    : `; allowed: ${known.join(', ')}.`
  return `"${fieldName([...path, stranger])}" is not a known setting${hint} Rename or remove it.`
}

function allowedBy(error: ErrorObject): string {
  const limit = (error.params as { limit?: unknown }).limit
  switch (error.keyword) {
    case 'type':
      return `${/^[aeiou]/.test(String(error.params.type)) ? 'an' : 'a'} ${String(error.params.type)}`
    case 'minimum':
      return `>= ${String(limit)}`
    case 'exclusiveMinimum':
      return `> ${String(limit)}`
    case 'maximum':
      return `<= ${String(limit)}`
    case 'exclusiveMaximum':
      return `< ${String(limit)}`
    default:
      return error.message?.replace(/^must be /, '') ?? 'valid'
  }
}

function pointerSegments(pointer: string): string[] {
  return pointer === ''
    ? []
    : pointer
        .slice(1)
        .split('/')
        .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
}

function fieldName(path: string[]): string {
  return path.length === 0 ? '(top level)' : path.join('.')
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function valueAt(data: unknown, path: string[]): unknown {
  return path.reduce<unknown>((node, key) => (isRecord(node) ? node[key] : undefined), data)
}

interface SchemaNode {
  properties?: Record<string, SchemaNode>
}

function schemaAt(path: string[]): SchemaNode | undefined {
  return path.reduce<SchemaNode | undefined>(
    (node, key) => node?.properties?.[key],
    configSchema as SchemaNode,
  )
}
