import { parseArgs } from 'node:util'

import { exerciseIds, type ExerciseId } from '../grader/types.js'

export { exerciseIds, type ExerciseId }

export interface BenchOptions {
  /** The exercises to benchmark, in the order given (all of them by default). */
  only: ExerciseId[]
  full: boolean
  peers: boolean
  help: boolean
}

export const usage = 'usage: npm run bench [-- --only ID,ID] [--full] [--peers]'

/** A bad command line: the message names what was wrong; the caller prints it on one line and exits 2. */
export class BenchArgsError extends Error {
  override name = 'BenchArgsError'
}

function isExerciseId(id: string): id is ExerciseId {
  return (exerciseIds as readonly string[]).includes(id)
}

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  let values: { only?: string[]; full?: boolean; peers?: boolean; help?: boolean }
  try {
    ;({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        only: { type: 'string', multiple: true },
        full: { type: 'boolean' },
        peers: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }))
  } catch (error) {
    // parseArgs' messages span lines and suggest '--' for positionals; keep the first sentence.
    const message =
      error instanceof Error ? (error.message.split(/\.\s|\n/)[0] ?? error.message) : String(error)
    throw new BenchArgsError(`${message.replace(/\.$/, '')}; ${usage}`, { cause: error })
  }
  const only: ExerciseId[] = []
  for (const id of (values.only ?? []).flatMap((list) => list.split(',')).map((id) => id.trim())) {
    if (id === '') continue
    if (!isExerciseId(id)) {
      throw new BenchArgsError(`--only: unknown exercise '${id}' (expected one of ${exerciseIds.join(', ')})`)
    }
    if (!only.includes(id)) only.push(id)
  }
  if (values.only !== undefined && only.length === 0) {
    throw new BenchArgsError(`--only needs at least one exercise id (${exerciseIds.join(', ')})`)
  }
  return {
    only: only.length > 0 ? only : [...exerciseIds],
    full: values.full ?? false,
    peers: values.peers ?? false,
    help: values.help ?? false,
  }
}
