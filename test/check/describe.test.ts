import { expect } from 'chai'
import { describeFailure, describeValue, studentStack } from '../../grader/check/describe.js'
import { didYouMean } from '../../grader/util/did-you-mean.js'

describe('describeValue', () => {
  it('names the type and shows short values', () => {
    expect(describeValue('42')).to.equal('a string "42"')
    expect(describeValue(undefined)).to.include('forget to return')
    expect(describeValue(Number.NaN)).to.equal('NaN')
    expect(describeValue(12n)).to.equal('a bigint 12n')
    expect(describeValue(new Float64Array(2))).to.equal('a Float64Array of 16 bytes')
  })
})

describe('describeFailure', () => {
  it('suggests the closest export name', () => {
    const text = describeFailure(
      { state: 'missing-export', exportName: 'parallelSum', available: ['parralelSum', 'helper'] },
      'sum/parallel.ts',
    )
    expect(text).to.include('Did you mean parralelSum?').and.include('It exports: parralelSum, helper.')
  })

  it('tells a student not to call process.exit', () => {
    expect(describeFailure({ state: 'crashed', exitCode: 0, signal: null }, 'x')).to.include(
      'must not call process.exit()',
    )
  })

  it('keeps only the student frames of a stack', () => {
    const stack = studentStack({
      name: 'Error',
      message: 'x',
      stack:
        'Error: x\n    at sum (/home/s/sum/parallel.ts:3:9)\n    at call (file:///tmp/runtime/child-entry.mjs:10:2)\n    at node:internal/x',
    })
    expect(stack).to.equal('    at sum (/home/s/sum/parallel.ts:3:9)')
  })
})

describe('didYouMean', () => {
  it('finds near misses and ignores distant words', () => {
    expect(didYouMean('paralel', ['sequential', 'parallel', 'concurrent'])).to.equal('parallel')
    expect(didYouMean('zzz', ['sequential', 'parallel'])).to.equal(undefined)
  })
})
