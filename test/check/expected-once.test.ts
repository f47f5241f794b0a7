import { expect } from 'chai'
import { runChecks } from '../../grader/check/check.js'
import type { ExerciseDefinition } from '../../grader/exercises/definition.js'
import type { Caller } from '../../grader/types.js'

function definitionCounting(computed: { count: number }): ExerciseDefinition {
  return {
    manifest: {
      id: 'sum',
      title: 'test',
      entries: { sequential: { file: 'sequential.ts', export: 'sequentialSum' } },
      strategies: ['sequential'],
      checks: [{ id: 'top', name: 'top list', entries: ['sequential'], points: 1, visibility: 'visible' }],
      limits: { callTimeoutMs: 1000, memoryMb: 512 },
    },
    resultSchemas: {},
    checks: {
      top: {
        kind: 'value',
        args: () => [],
        expected: (ctx) => {
          computed.count++
          return { seed: ctx.seed, top: ['b', 'a'] }
        },
        judge: (received, expected) => {
          const list = (expected as { top: string[] }).top
          const passed = JSON.stringify(received) === JSON.stringify(list)
          list.sort() // a judge that changes its expected value must not change the next student's
          return { passed }
        },
      },
    },
  }
}

const returning =
  (value: unknown): Caller =>
  () =>
    Promise.resolve({ outcome: { state: 'returned', value, wasPromise: false, durationMs: 1 } })

describe('expected values', () => {
  it('are computed once per check, entry, seed and data across the submissions of a batch, each judge getting its own copy', async () => {
    const computed = { count: 0 }
    const definition = definitionCounting(computed)
    const seed = 0x5eed1234
    const verdicts: string[] = []
    for (let student = 0; student < 3; student++) {
      const [result] = await runChecks({ definition, call: returning(['b', 'a']), seed })
      verdicts.push(result!.status)
    }
    expect(verdicts).to.deep.equal(['passed', 'passed', 'passed'])
    expect(computed.count).to.equal(1)
    await runChecks({ definition, call: returning(['b', 'a']), seed: seed + 1 })
    expect(computed.count).to.equal(2)
  })
})
