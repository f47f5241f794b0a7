import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tar from 'tar'
import { extractSubmission, UnreadableSubmission } from '../../grader/discover/extract.js'

const temp = (): string => mkdtempSync(join(tmpdir(), 'parlab-extract-'))

/** Writes a zip with Python's zipfile (entries: name → text, or { link } for a symbolic link). */
function makeZip(entries: Record<string, string | { link: string } | { zeros: number }>): string {
  const path = join(temp(), 'student.zip')
  const script = `
import json, sys, zipfile
entries = json.loads(sys.argv[2])
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    for name, value in entries.items():
        if isinstance(value, dict) and 'link' in value:
            info = zipfile.ZipInfo(name)
            info.external_attr = (0o120777 << 16)
            z.writestr(info, value['link'])
        elif isinstance(value, dict):
            z.writestr(name, b'\\0' * value['zeros'])
        else:
            z.writestr(name, value)
`
  const run = spawnSync('python3', ['-c', script, path, JSON.stringify(entries)], { encoding: 'utf8' })
  if (run.status !== 0) throw new Error(run.stderr)
  return path
}

async function refusal(archive: string): Promise<string> {
  try {
    await extractSubmission(archive, join(temp(), 'out'))
  } catch (error) {
    expect(error).to.be.instanceOf(UnreadableSubmission)
    return (error as Error).message
  }
  throw new Error('the archive was not refused')
}

describe('extractSubmission', () => {
  it('unpacks a zip and unwraps lone top folders down to the exercise folders', async () => {
    const zip = makeZip({
      'ana-final/sum/sequential.ts': 'export const x = 1\n',
      'ana-final/sum/quiz.json': '{}',
    })
    const dir = await extractSubmission(zip, join(temp(), 'out'))
    expect(dir.endsWith('/ana-final')).to.equal(true)
    expect(existsSync(join(dir, 'sum', 'sequential.ts'))).to.equal(true)
  })

  it('refuses a path that leaves the target (zip slip), and writes nothing outside it', async () => {
    const outside = join(tmpdir(), `parlab-slip-${process.pid}.ts`)
    const message = await refusal(makeZip({ [`../../../../..${outside}`]: 'owned' }))
    expect(message).to.match(/outside the submission folder|invalid relative path/)
    expect(existsSync(outside)).to.equal(false)
  })

  it('refuses symbolic links', async () => {
    expect(await refusal(makeZip({ 'sum/sequential.ts': { link: '/etc/passwd' } }))).to.include(
      'links are not allowed',
    )
  })

  it('refuses a zip bomb by its unpacked size', async () => {
    const message = await refusal(
      makeZip({ 'sum/a.bin': { zeros: 40 * 2 ** 20 }, 'sum/b.bin': { zeros: 40 * 2 ** 20 } }),
    )
    expect(message).to.include('unpacks to more than 64 MB')
  })

  it('says that a corrupt archive cannot be read', async () => {
    const path = join(temp(), 'broken.zip')
    writeFileSync(path, 'this is not a zip')
    expect(await refusal(path)).to.include('the archive cannot be read')
  })

  it('unpacks a .tar.gz and refuses one that holds a link', async () => {
    const source = temp()
    mkdirSync(join(source, 'sum'))
    writeFileSync(join(source, 'sum', 'sequential.ts'), 'export const x = 1\n')
    const good = join(temp(), 'ben.tar.gz')
    await tar.create({ gzip: true, file: good, cwd: source }, ['sum'])
    expect(
      existsSync(join(await extractSubmission(good, join(temp(), 'out')), 'sum', 'sequential.ts')),
    ).to.equal(true)
    symlinkSync('/etc/passwd', join(source, 'sum', 'passwd'))
    const bad = join(temp(), 'eve.tar.gz')
    await tar.create({ gzip: true, file: bad, cwd: source }, ['sum'])
    expect(await refusal(bad)).to.include('SymbolicLink: links are not allowed')
  })
})
