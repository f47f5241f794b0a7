import type { RunOutcome } from '../types.js'

/** One line on why a benchmark request failed. */
export function describeOutcomeBriefly(outcome: RunOutcome): string {
  switch (outcome.state) {
    case 'threw':
      return `threw ${outcome.error.name}: ${outcome.error.message}`
    case 'timed-out':
      return `timed out after ${outcome.timeoutMs} ms`
    case 'out-of-memory':
      return 'ran out of memory'
    case 'crashed':
      return outcome.reason
        ? `the process was ended: ${outcome.reason}`
        : `the process ended (${outcome.signal ?? `exit code ${outcome.exitCode}`})`
    case 'missing-export':
      return `no export named ${outcome.exportName}`
    case 'load-failed':
      return `loading failed: ${outcome.error.message}`
    case 'skipped':
      return outcome.reason
    case 'returned':
      return 'returned'
  }
}
