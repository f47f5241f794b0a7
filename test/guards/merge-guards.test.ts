// `merge` must refuse parts that do not make one run: shards of another seed or secret, a shard given twice, one that
// did not finish, or one graded by another grader version. The shards here are real ones, written by the CLI.
import { expect } from 'chai'
import { spawn } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { mergeShards, readShards } from '../../grader/merge/merge.js'

/** `npm run grade -- --submissions CLASS --only sum --no-bench --quick --seed SEED --shard SHARD --out OUT`. */
function gradeShard(classDir: string, shard: string, seed: number, secret?: string): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'parlab-guard-shard-'))
  const env: NodeJS.ProcessEnv = { ...process.env, CI: '1' }
  delete env['PARLAB_SECRET']
  if (secret) env['PARLAB_SECRET'] = secret
  const args = ['--submissions', classDir, '--only', 'sum', '--no-bench', '--quick']
  args.push('--seed', String(seed), '--shard', shard, '--out', out)
  const child = spawn(process.execPath, ['--import', 'tsx', 'grader/cli.ts', ...args], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`shard ${shard} exited with ${code}: ${stderr}`)),
    )
  })
}

/** A copy of a shard's output folder, its event log passed through `edit` (a list of lines, the last one empty). */
function copyShard(dir: string, edit: (lines: string[]) => string[] = (lines) => lines): string {
  const copy = mkdtempSync(join(tmpdir(), 'parlab-guard-shard-copy-'))
  cpSync(dir, copy, { recursive: true })
  const [log] = readdirShards(copy)
  writeFileSync(join(copy, log!), edit(readFileSync(join(copy, log!), 'utf8').split('\n')).join('\n'))
  return copy
}

const readdirShards = (dir: string): string[] =>
  ['shard-1-of-2.jsonl', 'shard-2-of-2.jsonl'].filter((name) => existsSync(join(dir, name)))

describe('merge, given parts that are not one run', function () {
  this.timeout(240_000)
  let first: string // shard 1/2: seed 1, secret "alpha"
  let second: string // shard 2/2, same options
  let otherSeed: string // shard 2/2, seed 2
  let otherSecret: string // shard 2/2, secret "beta"
  let noSecret: string // shard 2/2, no secret

  before(async () => {
    // Four students whose folders hold no exercise: each is an unreadable row at once (nothing to run), yet every
    // shard writes the event log merge reads, with the options it was graded with.
    const classDir = mkdtempSync(join(tmpdir(), 'parlab-guard-merge-class-'))
    for (const student of ['ana', 'ben', 'cleo', 'dan'])
      mkdirSync(join(classDir, student, 'notes'), { recursive: true })
    ;[first, second, otherSeed, otherSecret, noSecret] = await Promise.all([
      gradeShard(classDir, '1/2', 1, 'alpha'),
      gradeShard(classDir, '2/2', 1, 'alpha'),
      gradeShard(classDir, '2/2', 2, 'alpha'),
      gradeShard(classDir, '2/2', 1, 'beta'),
      gradeShard(classDir, '2/2', 1),
    ])
  })

  it('merges the two shards of one run into one class', () => {
    const out = mkdtempSync(join(tmpdir(), 'parlab-guard-merged-'))
    const run = mergeShards([first, second], out)
    expect(run.students.map((row) => [row.student, row.status])).to.deep.equal([
      ['ana', 'unreadable'],
      ['ben', 'unreadable'],
      ['cleo', 'unreadable'],
      ['dan', 'unreadable'],
    ])
    expect(run.secretFingerprint).to.be.a('string')
  })

  it('refuses a shard graded with another seed, and writes nothing', () => {
    const out = mkdtempSync(join(tmpdir(), 'parlab-guard-merged-'))
    expect(() => mergeShards([first, otherSeed], out)).to.throw(
      /shard-2-of-2\.jsonl was graded with other options \(seed, secret/,
    )
    expect(existsSync(join(out, 'events.jsonl'))).to.equal(false)
  })

  it('refuses a shard graded with another secret, or without one', () => {
    for (const other of [otherSecret, noSecret]) {
      expect(() => readShards([first, other]), other).to.throw(/was graded with other options/)
    }
  })

  it('refuses a shard given twice: two copies, or one folder named twice', () => {
    expect(() => readShards([first, copyShard(first), second])).to.throw(/shard 1\/2 appears twice/)
    expect(() => readShards([first, first, second])).to.throw(/shard 1\/2 appears twice/)
  })

  it('refuses a shard that did not finish (no "end" event), and one with no student yet', () => {
    // A shard killed after its last student: every line is there but the end.
    const killed = copyShard(second, (lines) => lines.filter((line) => !line.startsWith('{"type":"end"')))
    expect(readFileSync(join(killed, 'shard-2-of-2.jsonl'), 'utf8')).to.include('"type":"student"')
    expect(() => readShards([first, killed])).to.throw(/shard-2-of-2\.jsonl has no "end" event/)
    const early = copyShard(second, (lines) => [lines[0]!, ''])
    expect(() => readShards([first, early])).to.throw(/has no "end" event: that shard did not finish/)
  })

  it('refuses a shard graded by another grader version, naming both versions', () => {
    const older = copyShard(second, ([begin, ...rest]) => {
      const event = JSON.parse(begin!) as { graderVersion: string }
      return [JSON.stringify({ ...event, graderVersion: `${event.graderVersion}-older` }), ...rest]
    })
    const version = (
      JSON.parse(readFileSync(join(first, 'shard-1-of-2.jsonl'), 'utf8').split('\n')[0]!) as {
        graderVersion: string
      }
    ).graderVersion
    expect(() => readShards([first, older])).to.throw(
      `was graded by grader ${version}-older, ${join(first, 'shard-1-of-2.jsonl')} by ${version}`,
    )
  })

  it('refuses a run with a shard missing', () => {
    expect(() => readShards([first])).to.throw(/missing shard 2\/2/)
  })
})
