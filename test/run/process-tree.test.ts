import { expect } from 'chai'
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import {
  processTree,
  scanProcesses,
  signalTree,
  treeCpuMs,
  treeResidentMb,
} from '../../grader/run/process-tree.js'

/** The stat fields after the command name: [0] state, [2] process group, [3] session. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  } catch {
    return undefined
  }
}

// A zombie waiting to be reaped is not running.
const running = (pid: number): boolean => {
  const state = statFields(pid)?.[0]
  return state !== undefined && state !== 'Z'
}

/** Waits for a condition; the limit only catches a hang (it is far above anything a loaded machine needs). */
async function until(condition: () => boolean, what: string, limitMs = 20_000): Promise<void> {
  const deadline = Date.now() + limitMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what}: still not so after ${limitMs / 1000} s`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** The first line the child writes to its standard output. */
function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = ''
    child.stdout!.setEncoding('utf8')
    child.stdout!.on('data', (chunk: string) => {
      text += chunk
      if (text.includes('\n')) resolve(text.slice(0, text.indexOf('\n')))
    })
    child.once('exit', (code) => reject(new Error(`the child exited (${code}) before it wrote a line`)))
  })
}

function killQuietly(pid: number | undefined): void {
  try {
    if (pid) process.kill(pid, 'SIGKILL')
  } catch {
    // already gone
  }
}

// Each burner spends its CPU, then says how much (its own getrusage, all threads) and stays alive, idle.
const cpuMs = 'const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000 }'
const burn = (ms: number): string => `while (cpu() < ${ms});`
const grandchildScript = `${cpuMs}; ${burn(250)} console.log(cpu()); setInterval(() => {}, 1e6)`
const childScript = `${cpuMs}
const { spawn } = require('node:child_process')
const grandchild = spawn(process.execPath, ['-e', ${JSON.stringify(grandchildScript)}], { stdio: ['ignore', 'pipe', 'inherit'] })
grandchild.stdout.setEncoding('utf8')
grandchild.stdout.once('data', (line) => {
  ${burn(250)}
  console.log(JSON.stringify({ grandchildPid: grandchild.pid, grandchildMs: Number(line), childMs: cpu() }))
  setInterval(() => {}, 1e6)
})`

describe('process tree', () => {
  it('finds a grandchild that started a session of its own, measures the tree, and kills all of it', async function () {
    this.timeout(60_000)
    // The grandchild leaves the child's process group (detached: setsid before exec, done when spawn returns), so
    // a kill of the child's group alone would leave it running: only a walk of the tree reaches it.
    const child = spawn(
      process.execPath,
      [
        '-e',
        `const g = require('node:child_process').spawn('sleep', ['300'], { detached: true, stdio: 'ignore' })
console.log(g.pid); setInterval(() => {}, 1e6)`,
      ],
      { detached: true, stdio: ['ignore', 'pipe', 'inherit'] },
    )
    const grandchild = Number(await firstLine(child))
    try {
      expect(statFields(grandchild)?.[2], 'the grandchild has a process group of its own').to.equal(
        String(grandchild),
      )
      expect(statFields(child.pid!)?.[2]).to.equal(String(child.pid))
      const tree = processTree(child.pid!)
      expect(tree).to.deep.equal([child.pid, grandchild])
      // The watchdog's way: one scan of /proc shared by every child it watches.
      const scan = scanProcesses()
      expect(processTree(child.pid!, scan)).to.deep.equal(tree)
      expect(processTree(process.pid, scan)).to.include.members(tree)
      expect(treeResidentMb(child.pid!, scan)).to.be.greaterThan(treeResidentMb(grandchild, scan))
      expect(treeResidentMb(grandchild)).to.be.greaterThan(0)
      const exited = new Promise((resolve) => child.once('exit', resolve))
      signalTree(child.pid!, 'SIGKILL')
      await exited
      await until(() => !running(grandchild), `the grandchild ${grandchild} is killed`)
    } finally {
      killQuietly(grandchild)
      killQuietly(child.pid)
    }
  })

  it('reads the CPU time of a whole tree: a child and its grandchild that burn a known amount each', async function () {
    this.timeout(60_000)
    const child = spawn(process.execPath, ['-e', childScript], { stdio: ['ignore', 'pipe', 'inherit'] })
    let grandchildPid: number | undefined
    try {
      const burnt = JSON.parse(await firstLine(child)) as {
        grandchildPid: number
        grandchildMs: number
        childMs: number
      }
      grandchildPid = burnt.grandchildPid
      expect(processTree(child.pid!)).to.deep.equal([child.pid, grandchildPid])
      const measured = treeCpuMs(child.pid!)
      // /proc counts whole clock ticks (10 ms) of user and system time per process: at most 40 ms below what the
      // two reported; both are idle since they reported, so little above it. The test runner is no part of it.
      const reported = burnt.childMs + burnt.grandchildMs
      expect(burnt.childMs).to.be.at.least(250)
      expect(burnt.grandchildMs).to.be.at.least(250)
      expect(measured, `reported ${reported} ms`).to.be.within(reported - 40, reported + 150)
      expect(treeCpuMs(grandchildPid)).to.be.within(burnt.grandchildMs - 20, burnt.grandchildMs + 75)
    } finally {
      killQuietly(grandchildPid)
      killQuietly(child.pid)
    }
  })
})
