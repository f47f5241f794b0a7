import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import { filesArg, longLineFile } from '../../grader/exercises/access-logs/check-inputs.js'
import { sharedInputFile, sharedInputsDir } from '../../grader/run/shared-inputs.js'

describe('shared check inputs', () => {
  it('writes a made file once, read-only, under its own name, and gives equal bytes the same path', () => {
    const path = sharedInputFile('sample.log.1.gz', Buffer.from('a line\n'))
    expect(basename(path)).to.equal('sample.log.1.gz')
    expect(dirname(dirname(path))).to.equal(sharedInputsDir())
    expect(readFileSync(path, 'utf8')).to.equal('a line\n')
    expect(statSync(path).mode & 0o777).to.equal(0o444)
    expect(sharedInputFile('sample.log.1.gz', Buffer.from('a line\n'))).to.equal(path)
    expect(sharedInputFile('sample.log.1.gz', Buffer.from('another line\n'))).to.not.equal(path)
  })

  it('hands access-logs made files to the child by path, not as bytes in every call', () => {
    const made = longLineFile()
    if (made.kind !== 'made') throw new Error('the long line is made by the grader')
    const { params } = filesArg('chunk-boundaries', [made], undefined) as {
      params: { files: { path?: string; base64?: string }[] }
    }
    expect(params.files).to.have.length(1)
    expect(params.files[0]!.base64).to.equal(undefined)
    expect(readFileSync(params.files[0]!.path!)).to.deep.equal(Buffer.from(made.bytes))
  })

  it("is named after its process, removed when it exits, and a killed run's is removed by the next run", function () {
    this.timeout(30_000)
    const gone = spawnSync('true').pid
    const abandoned = join(tmpdir(), `parlab-inputs-${gone}-Left01`)
    mkdirSync(abandoned, { recursive: true })
    const module = resolve('grader/run/shared-inputs.ts')
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `import(${JSON.stringify(module)}).then((m) => console.log(m.sharedInputsDir()))`,
      ],
      { encoding: 'utf8' },
    )
    const made = run.stdout.trim()
    expect(basename(made), run.stderr).to.match(new RegExp(`^parlab-inputs-${run.pid}-`))
    expect(existsSync(made)).to.equal(false)
    expect(existsSync(abandoned)).to.equal(false)
  })
})
