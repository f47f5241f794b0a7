import { expect } from 'chai'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { stopTypeChecks, typeWarnings } from '../../grader/check/typecheck.js'
import { projectNodeModules } from '../../grader/run/workspace.js'
import { explodingTypes } from './exploding-types.js'

const made: string[] = []

function submission(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'parlab-typecheck-'))
  made.push(dir)
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  return dir
}

describe('type warnings', function () {
  this.timeout(120_000)
  after(() => {
    stopTypeChecks()
    for (const dir of made) rmSync(dir, { recursive: true, force: true })
  })

  it('checks every exercise folder of a submission in one program and gives each folder its own warnings', async () => {
    const dir = submission({
      'sum/sequential.ts': 'export const total: number = "ten"\n',
      'explore/count.ts':
        "import { readdirSync } from 'node:fs'\nexport const count = (d: string): number => readdirSync(d).length\n",
    })
    const [sum, explore, missing] = await typeWarnings(
      [join(dir, 'sum'), join(dir, 'explore'), join(dir, 'greyscale')],
      projectNodeModules,
    )
    expect(sum).to.have.length(1)
    expect(sum![0]).to.match(/^sum\/sequential\.ts:1:14: Type 'string' is not assignable to type 'number'/)
    expect(explore).to.deep.equal([])
    expect(missing).to.deep.equal([])
  })

  it('skips, with a warning, a check that runs over its time, and checks the next submission in a fresh thread', async () => {
    const dir = submission({ 'sum/types.ts': explodingTypes() })
    const startedAt = Date.now()
    const warnings = await typeWarnings([join(dir, 'sum'), join(dir, 'explore')], projectNodeModules, {
      timeoutMs: 1500,
    })
    expect(warnings).to.deep.equal([
      ['type check skipped: it ran over 1.5 s'],
      ['type check skipped: it ran over 1.5 s'],
    ])
    // The thread was warm (the test above), so the time is the limit's, give or take a busy machine.
    expect(Date.now() - startedAt).to.be.below(15_000)
    const good = submission({ 'sum/sequential.ts': 'export const total: number = "ten"\n' })
    const [sum] = await typeWarnings([join(good, 'sum')], projectNodeModules)
    expect(sum![0]).to.match(/^sum\/sequential\.ts:1:14: Type 'string'/)
  })

  it('skips, with a warning, a check that runs over its memory', async () => {
    const dir = submission({ 'sum/types.ts': explodingTypes() })
    const [sum] = await typeWarnings([join(dir, 'sum')], projectNodeModules, {
      timeoutMs: 100_000,
      memoryMb: 160,
    })
    expect(sum).to.deep.equal(['type check skipped: it ran over 160 MB'])
  })

  it('does not read a source file over the size limit, and says so', async () => {
    const dir = submission({
      'sum/big.ts': `export const x = ${'['.repeat(5000)}\n`,
      'sum/sequential.ts': 'export const total: number = 1\n',
    })
    const [sum] = await typeWarnings([join(dir, 'sum')], projectNodeModules, { maxFileBytes: 4096 })
    expect(sum).to.deep.equal(['sum/big.ts: not type-checked: 5 KB, over the 4 KB a source file may have'])
  })

  it('turns a checker that throws (a stack overflow on deep nesting) into a warning', async () => {
    const dir = submission({ 'sum/deep.ts': `export const x = ${'['.repeat(400_000)}\n` })
    const [sum] = await typeWarnings([join(dir, 'sum')], projectNodeModules)
    expect(sum).to.have.length(1)
    expect(sum![0]).to.match(
      /^type check skipped: it failed \(RangeError: Maximum call stack size exceeded\)$/,
    )
  })

  it("reads nothing outside the submission and the packages: imports of the grader's files find nothing", async () => {
    const outside = submission({ 'secret.ts': "export const secret = 'TOP-SECRET-7731' as const\n" })
    const dir = submission({
      'sum/sequential.ts':
        `import { secret } from ${JSON.stringify(join(outside, 'secret.js'))}\n` +
        `import key from ${JSON.stringify(join(process.cwd(), 'grader/exercises/sum/quiz-key.json'))} with { type: 'json' }\n` +
        'export const leak: number = secret\nexport const keys: number = key\n',
    })
    const [sum] = await typeWarnings([join(dir, 'sum')], projectNodeModules)
    expect(sum!.join('\n')).to.not.include('TOP-SECRET')
    expect(sum!.join('\n')).to.not.match(/pool-overhead|question/)
    expect(sum!.filter((w) => w.includes('Cannot find module'))).to.have.length(2)
  })
})
