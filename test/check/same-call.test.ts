import { expect } from 'chai'
import { runChecks } from '../../grader/check/check.js'
import type { ExerciseDefinition, ValueCheck } from '../../grader/exercises/definition.js'
import type { Caller } from '../../grader/types.js'

const visible = { points: 1, visibility: 'visible' as const }

function definition(sameCall: boolean): ExerciseDefinition {
  const check = (want: number): ValueCheck => ({
    kind: 'value',
    args: () => [],
    expected: () => want,
    judge: (received, expected) => ({ passed: received === expected }),
  })
  return {
    manifest: {
      id: 'sum',
      title: 'test',
      entries: {
        sequential: { file: 'sequential.ts', export: 'sequentialSum' },
        parallel: { file: 'parallel.ts', export: 'parallelSum' },
      },
      strategies: ['sequential', 'parallel'],
      checks: [
        { id: 'files', name: 'files', entries: 'all', ...visible },
        { id: 'other', name: 'other', entries: 'all', ...visible },
        { id: 'pixels', name: 'pixels', entries: 'all', ...visible },
      ],
      limits: { callTimeoutMs: 1000, memoryMb: 512 },
    },
    resultSchemas: {},
    checks: {
      files: check(1),
      other: check(2),
      pixels: { ...check(1), ...(sameCall ? { sameCallAs: 'files' } : {}) },
    },
  }
}

/** Returns 1 on the first call of each entry, 2 on later ones, and logs every call. */
function countingCaller(log: string[]): Caller {
  return (entry) => {
    const value = log.includes(entry) ? 2 : 1
    log.push(entry)
    return Promise.resolve({ outcome: { state: 'returned', value, wasPromise: false, durationMs: 1 } })
  }
}

describe('a check with sameCallAs', () => {
  it("judges the earlier check's call of the same entry instead of calling again", async () => {
    const log: string[] = []
    const results = await runChecks({ definition: definition(true), call: countingCaller(log), seed: 1 })
    expect(log).to.deep.equal(['sequential', 'parallel', 'sequential', 'parallel'])
    expect(results.map((r) => `${r.checkId}/${r.strategy}:${r.status}`)).to.deep.equal([
      'files/sequential:passed',
      'files/parallel:passed',
      'other/sequential:passed',
      'other/parallel:passed',
      'pixels/sequential:passed',
      'pixels/parallel:passed',
    ])
  })

  it('calls again without it', async () => {
    const log: string[] = []
    const results = await runChecks({ definition: definition(false), call: countingCaller(log), seed: 2 })
    expect(log).to.have.length(6)
    expect(results.filter((r) => r.checkId === 'pixels').map((r) => r.status)).to.deep.equal([
      'failed',
      'failed',
    ])
  })
})
