import { expect } from 'chai'
import {
  formatCount,
  formatMs,
  formatRate,
  formatRatio,
  machineLine,
  ratioTable,
  renderTable,
} from '../../bench/table.js'

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

  it('prints the machine line and the table of paired ratios every report shares', () => {
    const machine = { cores: 2, cpu: 'AMD EPYC', node: 'v20.20.2', loadAverageBefore: [1.234, 0.5, 0] }
    expect(machineLine(machine)).to.equal('machine: 2 × AMD EPYC, Node v20.20.2, load 1.23 0.50 0.00')
    expect(machineLine(machine, 'UV_THREADPOOL_SIZE 4')).to.equal(
      'machine: 2 × AMD EPYC, Node v20.20.2, UV_THREADPOOL_SIZE 4, load 1.23 0.50 0.00',
    )
    const ratios = [{ description: 'speed-up', median: 1.754, p25: 1.5, p75: 12.34, n: 5 }]
    expect(ratioTable(ratios).split('\n')).to.deep.equal([
      'ratios: medians of per-round paired ratios  median    p25–p75',
      '------------------------------------------  ------  ---------',
      '  speed-up                                    1.75  1.50–12.3',
    ])
    expect(ratioTable(ratios, true).split('\n').at(-1)).to.equal(
      '  speed-up                                    1.75  1.50–12.3       5',
    )
  })
})
