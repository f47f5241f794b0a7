import { expect } from 'chai'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { stopBuildHosts } from '../../grader/run/build/build-hosts.js'
import { Workspace } from '../../grader/run/workspace.js'

/** An exercise folder: `deep.ts` nests `[` deep enough to overflow esbuild's parser (a Go stack overflow, ~1 GB). */
const made: string[] = []

function exerciseWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'parlab-build-'))
  made.push(dir)
  mkdirSync(join(dir, 'sum'))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'sum', name), text)
  return join(dir, 'sum')
}

const good =
  'export const sequentialSum = (values: Float64Array): number => values.reduce((a, b) => a + b, 0)\n'
const nested = (depth: number): string => `export const x = ${'['.repeat(depth)}\n`

describe('the build of a submission (esbuild, bounded)', function () {
  this.timeout(120_000)
  const workspace = new Workspace()
  after(() => {
    workspace.remove()
    stopBuildHosts()
    for (const dir of made) rmSync(dir, { recursive: true, force: true })
  })

  it('replaces an esbuild that died on a file: the next files and the next student compile', async () => {
    const dir = exerciseWith({ 'a-deep.ts': nested(700_000), 'sequential.ts': good })
    // A memory limit above what esbuild's stack reaches, so that esbuild itself dies (fatal error: stack overflow).
    const problems = await workspace.compileExercise('hostile', 'sum', dir, {
      timeoutMs: 100_000,
      memoryMb: 8192,
    })
    expect(problems).to.have.length(1)
    expect(problems[0]!.file).to.equal(join(dir, 'a-deep.ts'))
    expect(problems[0]!.message).to.equal(
      `${join(dir, 'a-deep.ts')}: esbuild crashed on it (fatal error: stack overflow)`,
    )
    expect(readFileSync(join(workspace.buildRoot('hostile'), 'sum', 'sequential.js'), 'utf8')).to.include(
      'sequentialSum',
    )
    const next = exerciseWith({ 'sequential.ts': good })
    expect(await workspace.compileExercise('next', 'sum', next)).to.deep.equal([])
    expect(existsSync(join(workspace.buildRoot('next'), 'sum', 'sequential.js'))).to.equal(true)
  })

  it("kills esbuild when it runs over the build's memory or time, and goes on with a fresh one", async () => {
    const dir = exerciseWith({ 'a-deep.ts': nested(300_000), 'sequential.ts': good })
    const overMemory = await workspace.compileExercise('memory', 'sum', dir, {
      timeoutMs: 100_000,
      memoryMb: 300,
    })
    expect(overMemory.map((p) => p.message)).to.deep.equal([
      `${join(dir, 'a-deep.ts')}: compiling it ran over 300 MB`,
    ])
    const overTime = await workspace.compileExercise('time', 'sum', dir, { timeoutMs: 300, memoryMb: 8192 })
    expect(overTime.map((p) => p.message)).to.deep.equal([
      `${join(dir, 'a-deep.ts')}: compiling it ran over 0.3 s`,
    ])
    expect(existsSync(join(workspace.buildRoot('time'), 'sum', 'sequential.js'))).to.equal(true)
  })

  it('refuses a source file over 1 MB without feeding it to esbuild, and still shows syntax errors', async () => {
    const dir = exerciseWith({
      'big.js': nested(2_000_000),
      'bad.ts': 'export const = 1\n',
      'sequential.ts': good,
    })
    const problems = await workspace.compileExercise('big', 'sum', dir)
    expect(problems.map((p) => p.message)).to.deep.equal([
      `${join(dir, 'bad.ts')}:1:13: Expected identifier but found "="`,
      `${join(dir, 'big.js')}: 1,953 KB, over the 1,024 KB a source file may have: not compiled. Keep source files small.`,
    ])
    expect(existsSync(join(workspace.buildRoot('big'), 'sum', 'sequential.js'))).to.equal(true)
  })
})
