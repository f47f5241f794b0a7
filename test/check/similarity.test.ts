import { expect } from 'chai'
import { transformSync } from 'esbuild'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { similarityToReference } from '../../grader/check/similarity.js'

/** A copy of the sum references with every file rewritten by `change`. */
function copyOfReference(change: (source: string, file: string) => { name: string; source: string }): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'parlab-similar-')), 'sum')
  mkdirSync(dir)
  for (const file of readdirSync('solutions/sum').filter((f) => f.endsWith('.ts'))) {
    const { name, source } = change(readFileSync(join('solutions/sum', file), 'utf8'), file)
    writeFileSync(join(dir, name), source)
  }
  return dir
}

describe('similarityToReference', () => {
  it('sees through renamed variables and a new layout', () => {
    const renamed = copyOfReference((source, file) => ({
      name: file,
      source: source.replaceAll('sumRange', 'addItUp').replaceAll('values', 'xs').replaceAll('\n', '\n\n  '),
    }))
    expect(similarityToReference(renamed, 'solutions/sum')).to.be.above(0.9)
  })

  it("recognises the student kit's minified bundle handed in as a submission", () => {
    const bundle = copyOfReference((source, file) => ({
      name: file,
      source: transformSync(source, { loader: 'ts', minify: true, format: 'esm' }).code,
    }))
    expect(similarityToReference(bundle, 'solutions/sum')).to.be.above(0.9)
  })

  it('leaves code written independently well below the flag, and stubs at zero', () => {
    expect(
      similarityToReference('test/fixtures/submissions/dropped-remainder/sum', 'solutions/sum'),
    ).to.be.below(0.5)
    expect(similarityToReference('exercises/sum', 'solutions/sum')).to.equal(0)
  })

  it('leaves a file over 256 KB out of the comparison (2 MB of nested brackets cost esbuild seconds and a gigabyte)', () => {
    const dir = copyOfReference((source, file) => ({ name: file, source }))
    // 300 KB of seeded random tokens: many shapes the references never have, which would dilute the share if read.
    const pool = [
      '+',
      '-',
      '*',
      '/',
      '%',
      '<',
      '>',
      '&',
      '|',
      '^',
      '!',
      '~',
      '?',
      ':',
      ';',
      ',',
      '.',
      'x',
      '1',
    ]
    let state = 7
    const tokens: string[] = []
    for (let length = 0; length < 300 * 1024; length += 2) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0
      tokens.push(pool[state % pool.length]!)
    }
    writeFileSync(join(dir, 'noise.js'), tokens.join(' '))
    expect(similarityToReference(dir, 'solutions/sum')).to.be.above(0.9)
  })
})
