import { expect } from 'chai'
import { equals, runRounds, timeCall, WrongResultError, type Subject } from '../../bench/rounds.js'
import { createRng as seededRandom } from '../../grader/util/stats.js'

describe('bench rounds', () => {
  it('runs every subject in every round, in varying orders, keeping the median of its repetitions', async () => {
    const calls: string[] = []
    const fake = (id: string, reps: number, times: number[]): Subject => {
      let call = 0
      return {
        id,
        reps,
        measure: () => {
          calls.push(id)
          return Promise.resolve(times[call++ % times.length]!)
        },
      }
    }
    const subjects = [fake('a', 3, [5, 1, 3]), fake('b', 1, [7]), fake('c', 2, [2, 4]), fake('d', 1, [1])]
    const result = await runRounds(subjects, { rounds: 8, random: seededRandom(1) })
    expect(result.series.a).to.deep.equal(Array(8).fill(3))
    expect(result.series.b).to.deep.equal(Array(8).fill(7))
    expect(result.series.c).to.deep.equal(Array(8).fill(3))
    expect(result.samples.a![0]).to.deep.equal([5, 1, 3])
    expect(calls).to.have.length(8 * 7)
    for (const order of result.orders) expect([...order].sort()).to.deep.equal(['a', 'b', 'c', 'd'])
    expect(new Set(result.orders.map((order) => order.join())).size).to.be.greaterThan(1)
  })

  it('times a call and refuses a wrong result', async () => {
    expect(await timeCall('sync', () => 42, equals(42)))
      .to.be.a('number')
      .and.at.least(0)
    expect(await timeCall('async', () => Promise.resolve(42), equals(42))).to.be.at.least(0)
    let caught: unknown
    await timeCall('wrong', () => 41, equals(42)).catch((error: unknown) => (caught = error))
    expect(caught)
      .to.be.instanceOf(WrongResultError)
      .with.property('message', 'wrong: expected exactly 42, got 41')
  })
})
