import { expect } from 'chai'
import { paired, spread } from '../../bench/stats.js'
import { createRng as seededRandom, median, quantile, shuffled } from '../../grader/util/stats.js'

describe('bench stats', () => {
  it('takes medians and interpolated quantiles', () => {
    expect(median([3, 1, 2])).to.equal(2)
    expect(median([4, 1, 3, 2])).to.equal(2.5)
    expect(quantile([1, 2, 3, 4, 5], 0.25)).to.equal(2)
    expect(Number.isNaN(spread([]).median)).to.equal(true)
    expect(spread([5, 1, 3])).to.deep.include({ median: 3, min: 1, max: 5, n: 3 })
  })

  it('pairs values round by round and leaves out rounds with a missing value', () => {
    const series = { a: [2, 4, Number.NaN], b: [1, 2, 3] }
    expect(paired(series, ['a', 'b'], ([a, b]) => a! / b!)).to.deep.equal([2, 2])
  })

  it('shuffles reproducibly from a seed, keeping every item', () => {
    const items = ['a', 'b', 'c', 'd', 'e', 'f']
    const first = shuffled(items, seededRandom(42))
    expect(shuffled(items, seededRandom(42))).to.deep.equal(first)
    expect([...first].sort()).to.deep.equal(items)
    const random = seededRandom(7)
    for (let i = 0; i < 1000; i++) expect(random()).to.be.within(0, 1 - Number.EPSILON)
  })
})
