import { expect } from 'chai'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { typeWarnings } from '../../grader/check/typecheck.js'
import { projectNodeModules } from '../../grader/run/workspace.js'

describe('type warnings', function () {
  this.timeout(60_000)

  it('checks every exercise folder of a submission in one program and gives each folder its own warnings', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parlab-typecheck-'))
    mkdirSync(join(dir, 'sum'))
    mkdirSync(join(dir, 'explore'))
    writeFileSync(join(dir, 'sum', 'sequential.ts'), 'export const total: number = "ten"\n')
    writeFileSync(
      join(dir, 'explore', 'count.ts'),
      "import { readdirSync } from 'node:fs'\nexport const count = (d: string): number => readdirSync(d).length\n",
    )
    const [sum, explore, missing] = typeWarnings(
      [join(dir, 'sum'), join(dir, 'explore'), join(dir, 'greyscale')],
      projectNodeModules,
    )
    expect(sum).to.have.length(1)
    expect(sum![0]).to.match(/^sum\/sequential\.ts:1:14: Type 'string' is not assignable to type 'number'/)
    expect(explore).to.deep.equal([])
    expect(missing).to.deep.equal([])
  })
})
