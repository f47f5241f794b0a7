import { expect } from 'chai'
import { formatCount, formatMs, formatRate, formatRatio, renderTable } from '../../bench/table.js'

describe('bench table', () => {
  it('aligns columns and prints sections on their own line', () => {
    const text = renderTable(
      [{ header: 'what' }, { header: 'ms', align: 'right' }],
      [{ section: 'group' }, ['a', '1.5'], ['longer', '12.25']],
    )
    expect(text.split('\n')).to.deep.equal([
      'what       ms',
      '------  -----',
      'group',
      'a         1.5',
      'longer  12.25',
    ])
  })

  it('formats numbers for people', () => {
    expect(formatMs(0.12345)).to.equal('0.123')
    expect(formatMs(8.123)).to.equal('8.12')
    expect(formatMs(81.23)).to.equal('81.2')
    expect(formatMs(812.3)).to.equal('812')
    expect(formatMs(Number.NaN)).to.equal('—')
    expect(formatRate(2.6e9)).to.equal('2.60 G/s')
    expect(formatRate(62.9e6)).to.equal('62.9 M/s')
    expect(formatRate(undefined)).to.equal('—')
    expect(formatRatio(1.916)).to.equal('1.92×')
    expect(formatCount(10_000_000)).to.equal('10,000,000')
  })
})
