import { expect } from 'chai'
import { PromiseCache } from '../../grader/util/promise-cache.js'

describe('PromiseCache', () => {
  it('computes each key once, forgets a rejection, and drops the oldest beyond its size', async () => {
    const cache = new PromiseCache<number>(2)
    let computed = 0
    const count = (value: number) => () => (computed++, value)
    expect(await cache.get('a', count(1))).to.equal(1)
    expect(await cache.get('a', count(9))).to.equal(1)
    expect(computed).to.equal(1)
    await cache.get('b', () => Promise.reject(new Error('no'))).catch(() => undefined)
    expect(await cache.get('b', count(2))).to.equal(2)
    await cache.get('c', count(3))
    expect(await cache.get('a', count(4))).to.equal(4)
    expect(computed).to.equal(4)
  })
})
