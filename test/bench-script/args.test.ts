import { expect } from 'chai'
import { BenchArgsError, exerciseIds, parseBenchArgs } from '../../bench/args.js'

describe('bench args', () => {
  it('defaults to every exercise, no --full, no --peers', () => {
    expect(parseBenchArgs([])).to.deep.equal({
      only: [...exerciseIds],
      full: false,
      peers: false,
      help: false,
    })
  })

  it('reads --only as a comma list, repeatable, without duplicates', () => {
    expect(parseBenchArgs(['--only', 'sum,greyscale', '--only=sum', '--full', '--peers'])).to.deep.equal({
      only: ['sum', 'greyscale'],
      full: true,
      peers: true,
      help: false,
    })
  })

  for (const argv of [
    ['--fast'],
    ['sum'],
    ['--only'],
    ['--only', 'summ'],
    ['--only', ','],
    ['--peers=yes'],
  ]) {
    it(`rejects ${argv.join(' ')} with a one-line message`, () => {
      expect(() => parseBenchArgs(argv))
        .to.throw(BenchArgsError)
        .with.property('message')
        .that.does.not.include('\n')
    })
  }

  it('names the unknown exercise and the allowed ones', () => {
    expect(() => parseBenchArgs(['--only', 'sum,summ'])).to.throw(/'summ'.*sum, explore, greyscale/)
  })
})
