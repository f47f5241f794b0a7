import { expect } from 'chai'
import { sumDefinition } from '../../grader/exercises/sum/definition.js'
import type { ValueCheck } from '../../grader/exercises/definition.js'
import {
  buildSumInput,
  freshBytes,
  prepareSumRound,
  randomIntegers,
  type SumInput,
  type SumRound,
} from '../../grader/exercises/sum/inputs.js'

const check = (id: string): ValueCheck => sumDefinition.checks[id] as ValueCheck

describe('sum checks', () => {
  it('computes the course answer for 1..10,000,000', () => {
    expect(check('course-range').expected({ entry: 'sequential', seed: 1 })).to.equal(50_000_005_000_000)
  })

  it('recognises the dropped remainder of the course chunking and says so', async () => {
    const ctx = { entry: 'parallel', seed: 1, scratchDir: '', progressCalls: 0 }
    const remainder = check('remainder')
    const [input] = remainder.args(ctx)
    const values = buildSumInput((input as { params: SumInput }).params, new Map())
    const size = Math.floor(values.length / 3)
    let truncated = 0
    for (let i = 0; i < 3 * size; i++) truncated += values[i]!
    const judgement = await remainder.judge(truncated, remainder.expected(ctx), ctx)
    expect(judgement.passed).to.equal(false)
    expect(judgement.hint).to.include('The last 2 of 10007 values were dropped').and.include('size = n // k')
  })

  it('recognises a sum that ignores byteOffset', async () => {
    const ctx = { entry: 'sequential', seed: 1, scratchDir: '', progressCalls: 0 }
    const base = randomIntegers(7, 50_000, -1000, 1000)
    const wrong = base.subarray(0, 20_011).reduce((a, b) => a + b, 0)
    expect((await check('view').judge(wrong, check('view').expected(ctx), ctx)).hint).to.include(
      'values.byteOffset',
    )
  })

  it('gives benchmark windows that differ between calls and are verified against prefix sums', () => {
    const round = sumDefinition.bench!.newRound(3, 'tiny')
    const [a, b] = round.sample(0, 2).map((args) => JSON.stringify(args))
    expect(a).to.not.equal(b)
    const params = (round.sample(0, 1)[0]![0] as { params: SumInput & { kind: 'window' } }).params
    const state = new Map<string, unknown>()
    prepareSumRound(round.prepare.params as SumRound, state)
    const window = buildSumInput(params, state)
    const total = (): number => window.reduce((x, y) => x + y, 0)
    const before = total()
    // The child changes a few of the window's values for the call, and puts them back after it.
    const fresh = freshBytes(params, window)!
    fresh.enter()
    const right = total()
    fresh.leave()
    expect(total()).to.equal(before)
    expect(right).to.not.equal(before)
    expect(round.verify(0, 0, right, '')).to.equal(undefined)
    expect(round.verify(0, 0, right + 1, '')).to.include('expected')
    // An answer worked out before the call (from the untouched window) is wrong.
    expect(round.verify(0, 0, before, '')).to.include('worked out before the call')
  })

  // A busy machine runs 24 rounds: a new 100 MB shared base per round outgrew the memory limit before the garbage
  // collector freed the old ones ('preparing a round: ran out of memory' for the reference graded against itself).
  it("writes each round's base over the previous one of the same length, with the round's own values", () => {
    const state = new Map<string, unknown>()
    prepareSumRound({ seed: 1, length: 1000 }, state)
    const first = state.get('sum.base') as Float64Array
    prepareSumRound({ seed: 2, length: 1000 }, state)
    const second = state.get('sum.base') as Float64Array
    expect(second.buffer).to.equal(first.buffer)
    expect([...second]).to.deep.equal([...randomIntegers(2, 1000, -1_000_000, 1_000_000)])
    prepareSumRound({ seed: 3, length: 500 }, state)
    expect((state.get('sum.base') as Float64Array).length).to.equal(500)
  })
})
