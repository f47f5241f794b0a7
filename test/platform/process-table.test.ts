import { expect } from 'chai'
import {
  family,
  parseCimTable,
  parseProcStat,
  parsePsTable,
  parsePsTime,
  processTree,
  psWholeSeconds,
  scanOfRows,
} from '../../grader/platform/process-table.js'

// Recorded here (Debian, procps-ng 4.0.2): `ps -A -o pid=,ppid=,rss=,time=`, whole seconds as [DD-]HH:MM:SS.
const procps = `    1     0 13136 00:01:16
    2     0     0 00:00:00
   83     2     0 00:04:04
  812     1 52340 1-02:03:04
  813   812 10240 00:00:21
`

// macOS and the BSDs print time as minutes:seconds.centiseconds (ps/print.c, cputime: "%ld:%02ld.%02ld"), minutes
// unbounded, right-aligned columns. Written in that format: no Mac to record one here.
const bsd = `    1     0  12816 12:42.17
  412     1   4560   0:00.03
 9001   412 123456 123:04.50
 9002  9001   2048   0:01.99
`

// Windows: the lines cimScript prints (ProcessId ParentProcessId WorkingSetSize UserModeTime+KernelModeTime; bytes
// and 100 ns units), CRLF line ends, the idle process its own parent, a process whose parent is gone. Written in
// that format: no Windows machine to record one here.
const cim = [
  '0 0 8192 1874562500000',
  '4 0 135168 78125000',
  '5800 4 41943040 15625000',
  '6012 5800 104857600 20312500',
  '7000 1234 1048576 0',
  '',
].join('\r\n')

describe('process listings', () => {
  it('reads CPU time in every format ps prints it', () => {
    expect(parsePsTime('00:01:02')).to.equal(62_000)
    expect(parsePsTime('1-02:03:04')).to.equal((26 * 3600 + 3 * 60 + 4) * 1000)
    expect(parsePsTime('1:02.03')).to.equal(62_030)
    expect(parsePsTime('0:00.03')).to.equal(30)
    expect(parsePsTime('123:04.50')).to.equal(7_384_500)
    expect(parsePsTime('12')).to.equal(12_000)
    for (const bad of ['', '-', 'a:b', '1:2:3:4', '1--2:00'])
      expect(Number.isNaN(parsePsTime(bad)), `"${bad}"`).to.equal(true)
  })

  it("parses procps' ps and says that it counts whole seconds", () => {
    expect(parsePsTable(procps)).to.deep.equal([
      { pid: 1, ppid: 0, residentKb: 13136, cpuMs: 76_000 },
      { pid: 2, ppid: 0, residentKb: 0, cpuMs: 0 },
      { pid: 83, ppid: 2, residentKb: 0, cpuMs: 244_000 },
      { pid: 812, ppid: 1, residentKb: 52340, cpuMs: 93_784_000 },
      { pid: 813, ppid: 812, residentKb: 10240, cpuMs: 21_000 },
    ])
    expect(psWholeSeconds(procps)).to.equal(true)
  })

  it("parses BSD's (macOS) ps, to the hundredth of a second", () => {
    expect(parsePsTable(bsd)).to.deep.equal([
      { pid: 1, ppid: 0, residentKb: 12816, cpuMs: 762_170 },
      { pid: 412, ppid: 1, residentKb: 4560, cpuMs: 30 },
      { pid: 9001, ppid: 412, residentKb: 123456, cpuMs: 7_384_500 },
      { pid: 9002, ppid: 9001, residentKb: 2048, cpuMs: 1_990 },
    ])
    expect(psWholeSeconds(bsd)).to.equal(false)
    const scan = scanOfRows(parsePsTable(bsd))
    expect(processTree(412, scan)).to.deep.equal([412, 9001, 9002])
    expect(processTree(412, scan).reduce((kb, pid) => kb + scan.residentKb(pid), 0)).to.equal(130_064)
    expect(processTree(9001, scan).reduce((ms, pid) => ms + scan.cpuMs(pid), 0)).to.equal(7_386_490)
  })

  it('skips lines that are not a process (a header, a warning, a partial line)', () => {
    const noisy = `  PID  PPID   RSS     TIME\nps: warning\n   7     1   100 0:00.10\n   8     1\n   9 1 2 3 4\n`
    expect(parsePsTable(noisy)).to.deep.equal([{ pid: 7, ppid: 1, residentKb: 100, cpuMs: 100 }])
  })

  it("parses Windows' CIM listing: working set in bytes, CPU time in 100 ns units", () => {
    const rows = parseCimTable(cim)
    expect(rows).to.deep.equal([
      { pid: 0, ppid: 0, residentKb: 8, cpuMs: 187_456_250 },
      { pid: 4, ppid: 0, residentKb: 132, cpuMs: 7_812.5 },
      { pid: 5800, ppid: 4, residentKb: 40_960, cpuMs: 1_562.5 },
      { pid: 6012, ppid: 5800, residentKb: 102_400, cpuMs: 2_031.25 },
      { pid: 7000, ppid: 1234, residentKb: 1_024, cpuMs: 0 },
    ])
    const scan = scanOfRows(rows)
    // The idle process is its own parent: the tree below it is not a loop.
    expect(processTree(0, scan)).to.deep.equal([0, 4, 5800, 6012])
    expect(processTree(5800, scan)).to.deep.equal([5800, 6012])
    expect(processTree(7000, scan)).to.deep.equal([7000])
  })

  it('never loops on a listing whose parents form a cycle (reused pids)', () => {
    const scan = scanOfRows([
      { pid: 10, ppid: 11, residentKb: 1, cpuMs: 1 },
      { pid: 11, ppid: 10, residentKb: 1, cpuMs: 1 },
    ])
    expect(processTree(10, scan)).to.deep.equal([10, 11])
    expect(family([{ pid: 3, ppid: 3 }]).children.size).to.equal(0)
  })

  it('reads /proc/<pid>/stat after the last parenthesis of the command name', () => {
    const stat =
      '4242 (a) b (c)) S 4200 4242 4242 0 -1 4194560 100 0 0 0 250 37 0 0 20 0 3 0 1000 10000000 2000 18446744073709551615'
    expect(parseProcStat(4242, stat)).to.deep.equal({ pid: 4242, ppid: 4200, cpuMs: 2_870 })
  })
})
