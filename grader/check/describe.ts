import type { RunOutcome, SerializedError } from '../types.js'
import { didYouMean } from '../util/did-you-mean.js'

const maxShown = 120

/**
 * What the grader reads of a returned value before a schema or a judge sees it. Results are small trees of plain
 * data (a report has a few thousand values at most); anything beyond these limits is the student's wrong value.
 */
export const valueLimits = {
  /** Levels of nesting (the deepest report has fewer than ten). */
  maxDepth: 100,
  /**
   * Values counted as a tree: an object reached twice counts twice, as JSON.stringify and a schema would see it.
   * The largest expected value of any check has about 2,000.
   */
  maxValues: 100_000,
}

/** A property path for messages, e.g. value.counts["a b"][3], with long keys and long paths cut short. */
function pathText(segments: readonly (string | number)[]): string {
  let path = 'value'
  for (const key of segments) {
    if (path.length > 200) return `${path}…`
    if (typeof key === 'number') path += `[${key}]`
    else if (/^[A-Za-z_$][\w$]{0,39}$/.test(key)) path += `.${key}`
    else path += `[${JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key)}]`
  }
  return path
}

/** The name of an object's kind when it is not plain data (an object or an array), e.g. "a Map"; else undefined. */
function exoticKind(value: object): string | undefined {
  if (Array.isArray(value) || ArrayBuffer.isView(value)) return undefined
  const proto: unknown = Object.getPrototypeOf(value)
  if (proto === Object.prototype || proto === null) return undefined
  const tag = Object.prototype.toString.call(value).slice(8, -1)
  return tag === 'Object' ? 'an instance of a class' : `${/^[AEIOU]/.test(tag) ? 'an' : 'a'} ${tag}`
}

const plainDataAdvice: Record<string, string> = {
  'a Map': 'use a plain object (Object.fromEntries(map))',
  'a Set': 'use an array ([...set])',
}

/**
 * Why a returned value cannot be judged as data, or undefined when it can: it refers to itself, is nested too deep,
 * is too large once expanded, holds a bigint, or holds something that is not plain data (a Map, a Date…). Never
 * throws, and reads at most valueLimits.maxValues values, whatever it was given (cycles, shared subtrees, Proxies).
 */
export function valueProblem(value: unknown): string | undefined {
  let seen = 0
  // The objects on the path from the root to the node visited, with their depth; the path's keys.
  const ancestors = new Map<object, number>()
  const segments: (string | number)[] = []
  const at = (): string => (segments.length === 0 ? '' : ` at ${pathText(segments)}`)
  const visit = (node: unknown): string | undefined => {
    if (++seen > valueLimits.maxValues) {
      return (
        `returned a value too large to judge: more than ${valueLimits.maxValues.toLocaleString('en-US')} values ` +
        '(an object reached more than once counts each time)'
      )
    }
    if (typeof node === 'bigint')
      return `returned ${describeValue(node)}${at()}: results hold numbers, not bigints (use Number(...))`
    if (typeof node === 'function' || typeof node === 'symbol')
      return `returned a ${typeof node}${at()}: results are plain data: objects, arrays, numbers and strings`
    if (typeof node !== 'object' || node === null) return undefined
    const earlier = ancestors.get(node)
    if (earlier !== undefined) {
      const target = earlier === 0 ? 'the value itself' : pathText(segments.slice(0, earlier))
      return (
        `returned an object that refers to itself (${pathText(segments)} is ${target}): ` +
        'results are plain data, a tree of objects, arrays, numbers and strings'
      )
    }
    if (segments.length >= valueLimits.maxDepth)
      return `returned a value nested more than ${valueLimits.maxDepth} levels deep${at()}`
    if (ArrayBuffer.isView(node)) return undefined
    const kind = exoticKind(node)
    if (kind) {
      const advice = plainDataAdvice[kind] ?? 'results are plain data: objects, arrays, numbers and strings'
      return `returned ${kind}${at()}: ${advice}`
    }
    ancestors.set(node, segments.length)
    if (Array.isArray(node)) {
      const items = node as unknown[]
      if (items.length > valueLimits.maxValues - seen) {
        return `returned a value too large to judge: an array of ${items.length.toLocaleString('en-US')}${at()}`
      }
      for (let i = 0; i < items.length; i++) {
        segments.push(i)
        const problem = visit(items[i])
        if (problem) return problem
        segments.pop()
      }
    } else {
      const record = node as Record<string, unknown>
      for (const key of Object.keys(record)) {
        segments.push(key)
        const problem = visit(record[key])
        if (problem) return problem
        segments.pop()
      }
    }
    ancestors.delete(node)
    return undefined
  }
  try {
    return visit(value)
  } catch (error) {
    return `returned a value the grader could not read (${errorText(error)})`
  }
}

function errorText(error: unknown): string {
  try {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
    return text.length > maxShown ? `${text.slice(0, maxShown)}…` : text
  } catch {
    return 'an error'
  }
}

function numberText(value: number): string {
  if (Object.is(value, -0)) return '-0'
  return Number.isSafeInteger(value) ? value.toLocaleString('en-US') : String(value)
}

function bigintText(value: bigint): string {
  // A decimal string of a huge bigint costs quadratic time; hexadecimal digits tell its size in linear time.
  const hexDigits = (value < 0n ? -value : value).toString(16).length
  if (hexDigits <= 24) return `${value}n`
  return `${value < 0n ? '-' : ''}(about ${Math.round(hexDigits * Math.log10(16)).toLocaleString('en-US')} digits)n`
}

/** What tells one Date, Error, RegExp or boxed primitive from another, after a space; '' for other objects. */
function exoticDetail(object: object): string {
  if (object instanceof Error) return ` ${JSON.stringify(errorText(object))}`
  if (object instanceof Date)
    return ` ${Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString()}`
  if (object instanceof RegExp) return ` ${JSON.stringify(String(object).slice(0, 60))}`
  if (object instanceof String) return ` ${JSON.stringify(object.valueOf().slice(0, 60))}`
  if (object instanceof Number || object instanceof Boolean) return ` ${String(object.valueOf())}`
  return ''
}

/**
 * A short JSON-like preview of a value, at most about `budget` characters: cycles, shared objects, Maps, Sets,
 * typed arrays, bigints, holes and exotic objects are all written without throwing.
 */
function preview(value: unknown, budget = maxShown): string {
  let out = ''
  const ancestors = new Set<object>()
  const full = (): boolean => out.length >= budget
  const write = (text: string): void => {
    out += text
  }
  const list = (
    items: Iterable<unknown>,
    open: string,
    close: string,
    each: (item: unknown) => void,
    more = false,
  ): void => {
    write(open)
    let first = true
    let cut = more
    for (const item of items) {
      if (full()) {
        cut = true
        break
      }
      if (!first) write(',')
      first = false
      each(item)
    }
    write(`${cut ? (first ? '…' : ',…') : ''}${close}`)
  }
  const key = (k: string): string => JSON.stringify(k.length > 40 ? `${k.slice(0, 40)}…` : k)
  const visit = (node: unknown, depth: number): void => {
    if (full()) return write('…')
    switch (typeof node) {
      case 'string':
        return write(JSON.stringify(node.length > budget ? `${node.slice(0, budget)}…` : node))
      case 'number':
        return write(Object.is(node, -0) ? '-0' : String(node))
      case 'bigint':
        return write(bigintText(node))
      case 'undefined':
        return write('undefined')
      case 'boolean':
        return write(String(node))
      case 'function':
      case 'symbol':
        return write(`[${typeof node}]`)
    }
    if (node === null) return write('null')
    const object = node as object
    if (ancestors.has(object)) return write('[circular]')
    if (depth >= 4) return write(Array.isArray(object) ? '[…]' : '{…}')
    ancestors.add(object)
    if (Array.isArray(object)) {
      const items = object as unknown[]
      const shown = Math.min(items.length, budget)
      const indices = Array.from({ length: shown }, (_, i) => i)
      list(
        indices,
        '[',
        ']',
        (i) => {
          const at = i as number
          if (at in items) visit(items[at], depth + 1)
          else write('<empty>')
        },
        items.length > shown,
      )
    } else if (ArrayBuffer.isView(object)) {
      const name = Object.prototype.toString.call(object).slice(8, -1)
      const view = object as Uint8Array
      const count = object instanceof DataView ? 0 : Math.min(view.length, 32)
      const items = Array.from({ length: count }, (_, i) => view[i])
      list(items, `${name}(${object.byteLength} bytes) [`, ']', (n) => write(String(n)), count < view.length)
    } else if (object instanceof Map) {
      list(object, `Map(${object.size}) {`, '}', (entry) => {
        const [k, v] = entry as [unknown, unknown]
        visit(k, depth + 1)
        write(' => ')
        visit(v, depth + 1)
      })
    } else if (object instanceof Set) {
      list(object, `Set(${object.size}) {`, '}', (item) => visit(item, depth + 1))
    } else {
      const kind = exoticKind(object)
      if (kind) {
        write(`[${kind.replace(/^an? /, '')}${exoticDetail(object)}]`)
      } else {
        const record = object as Record<string, unknown>
        list(Object.keys(record), '{', '}', (k) => {
          write(`${key(k as string)}:`)
          visit(record[k as string], depth + 1)
        })
      }
    }
    ancestors.delete(object)
  }
  try {
    visit(value, 0)
  } catch (error) {
    write(`… (unreadable: ${errorText(error)})`)
  }
  return out.length > budget + 20 ? `${out.slice(0, budget)}…` : out
}

/** A value as a student would want it described: its type, and the value itself when short. Never throws. */
export function describeValue(value: unknown): string {
  try {
    if (value === undefined) return 'undefined (did the function forget to return?)'
    if (value === null) return 'null'
    if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : `the number ${numberText(value)}`
    if (typeof value === 'string') {
      const shown = value.length > maxShown ? `${value.slice(0, maxShown)}…` : value
      return `a string ${JSON.stringify(shown)}${value.length > maxShown ? ` (${value.length.toLocaleString('en-US')} characters)` : ''}`
    }
    if (typeof value === 'bigint') return `a bigint ${bigintText(value)}`
    if (typeof value === 'boolean') return `the boolean ${value}`
    if (typeof value !== 'object') return `a ${typeof value}`
    if (Array.isArray(value)) return `an array of ${value.length.toLocaleString('en-US')} ${preview(value)}`
    if (ArrayBuffer.isView(value)) {
      const name = Object.prototype.toString.call(value).slice(8, -1)
      return `a ${name} of ${value.byteLength.toLocaleString('en-US')} bytes`
    }
    if (value instanceof Map)
      return `a Map of ${value.size.toLocaleString('en-US')} entries ${preview(value)}`
    if (value instanceof Set) return `a Set of ${value.size.toLocaleString('en-US')} values ${preview(value)}`
    const kind = exoticKind(value)
    return kind ? `${kind}${exoticDetail(value)}` : `an object ${preview(value)}`
  } catch (error) {
    return `a value the grader could not read (${errorText(error)})`
  }
}

/** Stack frames of the student's own files (source-mapped to .ts), without the grader's frames. */
export function studentStack(error: SerializedError): string | undefined {
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line) && !/child-entry|node:internal|node_modules/.test(line))
  return frames.length > 0 ? frames.slice(0, 6).join('\n') : undefined
}

/** Why a call that did not return a value failed, in words that say what to do. */
export function describeFailure(outcome: Exclude<RunOutcome, { state: 'returned' }>, file: string): string {
  switch (outcome.state) {
    case 'threw': {
      const stack = studentStack(outcome.error)
      const { name, message, code } = outcome.error
      let what = name === 'NonError' ? message : `threw ${name}${code ? ` [${code}]` : ''}: ${message}`
      if (code === 'ERR_ACCESS_DENIED') {
        what +=
          '\nThe sandbox lets student code write only in its working folder (the current directory) and read only the submission, the data and node_modules.'
      }
      return stack ? `${what}\n${stack}` : what
    }
    case 'missing-export': {
      const guess = didYouMean(outcome.exportName, outcome.available)
      const exported = outcome.available.length > 0 ? outcome.available.join(', ') : 'nothing'
      return (
        `${file} has no export named ${outcome.exportName}` +
        (guess ? `. Did you mean ${guess}? Rename it to ${outcome.exportName}.` : '.') +
        ` It exports: ${exported}.`
      )
    }
    case 'load-failed':
      return `loading ${file} failed: ${outcome.error.name}: ${outcome.error.message}${
        studentStack(outcome.error) ? `\n${studentStack(outcome.error)}` : ''
      }`
    case 'timed-out':
      return (
        `did not finish within ${outcome.timeoutMs.toLocaleString('en-US')} ms: the call was stopped and its ` +
        `process killed. An endless loop, a promise that never settles, or a pool that never answers?`
      )
    case 'out-of-memory':
      if (outcome.stillGrowing)
        return `ran out of memory, or nearly: the process tree held ${outcome.residentMb} MB of its ${outcome.limitMb} MB limit, taken during the call, when even three times the call's time limit was up, and was killed.`
      return outcome.limitMb > 0
        ? `ran out of memory: the process tree used ${outcome.residentMb} MB${outcome.scratchMb ? ` (${outcome.scratchMb} MB of it files written to its scratch folder, which is in memory)` : ''}, above the limit of ${outcome.limitMb} MB, and was killed.`
        : 'ran out of memory: the JavaScript heap limit was reached and the process was killed.'
    case 'crashed':
      if (outcome.reason) return `the grader ended the process during the call: ${outcome.reason}.`
      if (outcome.exitCode === 0 || (outcome.exitCode !== null && outcome.signal === null)) {
        return (
          `the process exited (code ${outcome.exitCode}) during the call. Student code must not call ` +
          `process.exit(): return the result (or throw) instead.`
        )
      }
      return `the process crashed (${outcome.signal ?? `exit code ${outcome.exitCode}`}) during the call.`
    case 'skipped':
      return outcome.reason
  }
}
