// The peers of the access-log bench: commands run on the same file, timed from here (process start to exit).
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'

export interface Peer {
  id: string
  label: string
  kind: 'probe' | 'peer'
  /** Runs once; its wall time in ms and what it printed. */
  run(): Promise<{ ms: number; stdout: string }>
}

export interface Skipped {
  peer: string
  reason: string
}

const pythonScript = fileURLToPath(new URL('./peers/access_logs.py', import.meta.url))

function which(command: string): string | undefined {
  const result = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' })
  const path = result.stdout.trim()
  return result.status === 0 && path !== '' ? path : undefined
}

function timed(command: string, args: string[]): Promise<{ ms: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const start = performance.now()
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk))
    child.once('error', reject)
    child.once('close', (code) => {
      const ms = performance.now() - start
      if (code === 0) resolve({ ms, stdout: Buffer.concat(out).toString('utf8') })
      else
        reject(
          new Error(
            `${command} ${args.join(' ')} exited with ${code}: ${Buffer.concat(err).toString('utf8').trim().slice(-300)}`,
          ),
        )
    })
  })
}

/** `cat` and `wc -l`: how fast the machine hands over the file's bytes and finds its newlines. */
export function readProbes(file: string): Peer[] {
  return [
    {
      id: 'cat',
      label: 'cat FILE > /dev/null',
      kind: 'probe',
      run: () => timed('sh', ['-c', 'cat "$1" > /dev/null', 'sh', file]),
    },
    { id: 'wc', label: 'wc -l FILE', kind: 'probe', run: () => timed('wc', ['-l', file]) },
  ]
}

/** The course's Python, awk and GoAccess, where installed; every one left out is named with the reason. */
export function peersFor(file: string): { peers: Peer[]; skipped: Skipped[]; scratch: string } {
  const peers: Peer[] = []
  const skipped: Skipped[] = []
  const scratch = mkdtempSync(join(tmpdir(), 'parlab-bench-logs-'))
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : which('python3')
  if (python === undefined) {
    for (const peer of ['course: Python sequential', 'course: Python Pool'])
      skipped.push({ peer, reason: 'no python3 found' })
  } else {
    peers.push(
      {
        id: 'python-seq',
        label: `course: Python re + strptime, sequential (${python})`,
        kind: 'peer',
        run: () => timed(python, [pythonScript, 'seq', file]),
      },
      {
        id: 'python-pool',
        label: 'course: Python multiprocessing.Pool over the lines',
        kind: 'peer',
        run: () => timed(python, [pythonScript, 'pool', file]),
      },
    )
  }
  const awk = which('mawk') ?? which('gawk') ?? which('awk')
  if (awk === undefined) skipped.push({ peer: 'awk top-5 resources', reason: 'no awk found' })
  else {
    const script = `${awk} '{ c[$7]++ } END { for (k in c) print c[k], k }' "$1" | sort -rn | head -5`
    peers.push({
      id: 'awk',
      label: `awk top-5 resources, one pass (${awk.split('/').pop()!})`,
      kind: 'peer',
      run: () => timed('sh', ['-c', script, 'sh', file]),
    })
  }
  const goaccess = which('goaccess')
  if (goaccess === undefined) {
    skipped.push({ peer: 'GoAccess', reason: 'not installed (apt-get install goaccess)' })
  } else {
    const version =
      spawnSync(goaccess, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0]?.trim() ?? ''
    const out = join(scratch, 'goaccess.json')
    peers.push({
      id: 'goaccess',
      label: `${version.replace(/\.$/, '')} (JSON report, one thread)`,
      kind: 'peer',
      run: () => timed(goaccess, [file, '--log-format=COMBINED', '--no-progress', '-o', out]),
    })
  }
  return { peers, skipped, scratch }
}

export function removeScratch(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
}
