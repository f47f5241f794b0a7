import { expect } from 'chai'
import {
  createRng,
  estimateRatio,
  median,
  pairedRatios,
  quantile,
  relativeIqr,
  relativeWidth,
} from '../../grader/util/stats.js'

const options = { confidence: 0.95, resamples: 2000, seed: 42 }
// 1.0 ± 3%: what the reference measured against itself looks like over 10 rounds.
const nearOne = [1.02, 0.98, 1.03, 0.97, 1.01, 0.99, 1.0, 1.03, 0.97, 1.02]

describe('util/stats', () => {
  describe('median and quantile', () => {
    it('takes the middle value, or the mean of the two middle values', () => {
      expect(median([3, 1, 2])).to.equal(2)
      expect(median([4, 1, 3, 2])).to.equal(2.5)
    })

    it('does not reorder its input', () => {
      const xs = [3, 1, 2]
      median(xs)
      expect(xs).to.deep.equal([3, 1, 2])
    })

    it('interpolates linearly between order statistics (type 7)', () => {
      const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
      expect(quantile(sorted, 0)).to.equal(1)
      expect(quantile(sorted, 1)).to.equal(10)
      expect(quantile(sorted, 0.25)).to.be.closeTo(3.25, 1e-12)
      expect(quantile(sorted, 0.75)).to.be.closeTo(7.75, 1e-12)
      expect(quantile([5], 0.3)).to.equal(5)
    })

    it('rejects empty input and q outside [0, 1]', () => {
      expect(() => median([])).to.throw(RangeError)
      expect(() => quantile([], 0.5)).to.throw(RangeError)
      expect(() => quantile([1, 2], 1.5)).to.throw(RangeError, /\[0, 1\]/)
    })
  })

  describe('relativeIqr', () => {
    it('is (p75 - p25) / median', () => {
      expect(relativeIqr([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).to.be.closeTo(4.5 / 5.5, 1e-12)
    })

    it('is 0 for constant input', () => {
      expect(relativeIqr([7, 7, 7])).to.equal(0)
    })
  })

  describe('createRng', () => {
    it('is deterministic for a seed and stays within [0, 1)', () => {
      const a = createRng(7)
      const b = createRng(7)
      const xs = Array.from({ length: 1000 }, () => a())
      expect(xs).to.deep.equal(Array.from({ length: 1000 }, () => b()))
      expect(Math.min(...xs)).to.be.at.least(0)
      expect(Math.max(...xs)).to.be.below(1)
    })

    it('differs between seeds', () => {
      expect(createRng(1)()).to.not.equal(createRng(2)())
    })
  })

  describe('pairedRatios', () => {
    it('divides element by element', () => {
      expect(pairedRatios([2, 9], [1, 3])).to.deep.equal([2, 3])
    })

    it('names both lengths when they differ', () => {
      expect(() => pairedRatios([1, 2, 3], [1, 2])).to.throw(RangeError, /numerator 3, denominator 2/)
    })
  })

  describe('estimateRatio', () => {
    it('gives a bootstrap interval that contains the median', () => {
      const e = estimateRatio(nearOne, options)
      expect(e.median).to.be.closeTo(1.005, 1e-12)
      expect(e.low).to.be.at.most(e.median)
      expect(e.high).to.be.at.least(e.median)
      expect(e.low).to.be.below(e.high)
      expect(e).to.include({ rounds: 10, confidence: 0.95 })
    })

    it('is deterministic for a seed', () => {
      expect(estimateRatio(nearOne, options)).to.deep.equal(estimateRatio(nearOne, options))
    })

    it('stays close across seeds', () => {
      const a = estimateRatio(nearOne, options)
      const b = estimateRatio(nearOne, { ...options, seed: 43 })
      expect(Math.abs(a.low - b.low)).to.be.below(0.02)
      expect(Math.abs(a.high - b.high)).to.be.below(0.02)
    })

    it('gives a degenerate interval for identical ratios', () => {
      const e = estimateRatio([1.25, 1.25, 1.25, 1.25, 1.25], options)
      expect(e).to.include({ median: 1.25, low: 1.25, high: 1.25 })
      expect(relativeWidth(e)).to.equal(0)
    })

    it('gives low = high = median for a single ratio', () => {
      expect(estimateRatio([2], options)).to.deep.equal({
        median: 2,
        low: 2,
        high: 2,
        rounds: 1,
        confidence: 0.95,
      })
    })

    it('rejects empty input, non-finite ratios and bad options', () => {
      expect(() => estimateRatio([], options)).to.throw(RangeError, /at least one/)
      expect(() => estimateRatio([1, Infinity], options)).to.throw(RangeError, /ratio 1/)
      expect(() => estimateRatio([1, 2], { ...options, confidence: 1 })).to.throw(RangeError, /confidence/)
      expect(() => estimateRatio([1, 2], { ...options, resamples: 0 })).to.throw(RangeError, /resamples/)
    })
  })

  describe('relativeWidth', () => {
    it('is high / low - 1', () => {
      expect(relativeWidth({ median: 1, low: 0.8, high: 1.2, rounds: 8, confidence: 0.95 })).to.be.closeTo(
        0.5,
        1e-12,
      )
    })
  })
})
