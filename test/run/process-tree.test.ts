import { expect } from 'chai'
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import {
  processTree,
  scanProcesses,
  signalTree,
  treeCpuMs,
  treeResidentMb,
} from '../../grader/run/process-tree.js'

// A zombie waiting to be reaped is not running.
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
  } catch {
    return false
  }
}

describe('process tree', () => {
  it('finds a grandchild, measures the tree, and kills all of it', async function () {
    this.timeout(10_000)
    // sh starts a sleeping grandchild and waits; killing only sh would leave the sleep behind.
    const child = spawn('sh', ['-c', 'sleep 30 & wait'], { detached: true, stdio: 'ignore' })
    await new Promise((resolve) => setTimeout(resolve, 200))
    const tree = processTree(child.pid!)
    expect(tree).to.have.length.greaterThanOrEqual(2)
    // The watchdog's way: one scan of /proc shared by every child it watches.
    const scan = scanProcesses()
    expect(processTree(child.pid!, scan)).to.deep.equal(tree)
    expect(processTree(process.pid, scan)).to.include.members(tree)
    expect(treeResidentMb(child.pid!, scan)).to.be.greaterThan(0)
    expect(treeResidentMb(child.pid!)).to.be.greaterThan(0)
    expect(treeCpuMs(child.pid!)).to.be.at.least(0)
    const exited = new Promise((resolve) => child.once('exit', resolve))
    signalTree(child.pid!, 'SIGKILL')
    await exited
    await new Promise((resolve) => setTimeout(resolve, 100))
    for (const pid of tree) expect(running(pid), `pid ${pid} still alive`).to.equal(false)
  })

  it('reads the CPU time of a busy process', () => {
    const start = Date.now()
    while (Date.now() - start < 150);
    expect(treeCpuMs(process.pid)).to.be.greaterThan(100)
  })
})
