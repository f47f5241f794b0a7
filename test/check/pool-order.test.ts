import { expect } from 'chai'
import { runChecks } from '../../grader/check/check.js'
import { definitionOf } from '../../grader/exercises/index.js'
import { cachedDataset } from '../../grader/prepare/prepare.js'
import type { ArgSpec, CallResult, ExerciseId } from '../../grader/types.js'

/** The worker count a call asks for ('default' when its options leave it out). */
function workersOf(args: ArgSpec[]): number | 'default' {
  for (const arg of args) {
    if (arg.kind !== 'value' || typeof arg.value !== 'object' || arg.value === null) continue
    const workers = (arg.value as { workers?: unknown }).workers
    if (typeof workers === 'number') return workers
  }
  return 'default'
}

// Students keep one pool alive between calls and rebuild it when the worker count changes (as the references do):
// the checks ask for each worker count in one run of calls, so that a batch starts as few pools as it can.
describe('the checks of the parallel strategies', function () {
  this.timeout(120_000)

  for (const id of ['sum', 'greyscale', 'access-logs', 'log-analytics'] as ExerciseId[]) {
    it(`${id}: ask for each worker count in one run of calls, the default first`, async () => {
      const definition = definitionOf(id)
      const dataDir = id === 'sum' ? undefined : await cachedDataset(id, 'tiny', 1)
      const counts: (number | 'default')[] = []
      const call = (entry: string, args: ArgSpec[]): Promise<CallResult> => {
        if (entry === 'parallel') counts.push(workersOf(args))
        return Promise.resolve({
          outcome: { state: 'threw', error: { name: 'Error', message: 'recorded' }, durationMs: 0 },
        })
      }
      await runChecks({ definition, call, seed: 1, ...(dataDir ? { dataDir } : {}) })
      const runs = counts.filter((count, i) => i === 0 || count !== counts[i - 1])
      expect(counts.length).to.be.above(5)
      expect(runs[0]).to.equal('default')
      expect(new Set(runs).size, `worker counts in call order: ${counts.join(', ')}`).to.equal(runs.length)
    })
  }
})
