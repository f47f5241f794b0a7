import type { RunOutcome, SerializedError } from '../types.js'
import { didYouMean } from '../util/did-you-mean.js'

const maxShown = 120

/** A value as a student would want it described: its type, and the value itself when short. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined (did the function forget to return?)'
  if (value === null) return 'null'
  if (typeof value === 'number')
    return Number.isNaN(value) ? 'NaN' : `the number ${value.toLocaleString('en-US')}`
  if (typeof value === 'string') {
    const shown = value.length > maxShown ? `${value.slice(0, maxShown)}…` : value
    return `a string ${JSON.stringify(shown)}`
  }
  if (typeof value === 'bigint') return `a bigint ${value}n`
  if (Array.isArray(value)) return `an array of ${value.length}`
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of ${value.byteLength} bytes`
  if (typeof value === 'object') {
    const json = JSON.stringify(value)
    return `an object ${json.length > maxShown ? `${json.slice(0, maxShown)}…` : json}`
  }
  return `a ${typeof value}`
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
