import { expect } from 'chai'
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import * as tar from 'tar'
import { defaultLimits, extractSubmission, UnreadableSubmission } from '../../grader/discover/extract.js'

const temp = (): string => mkdtempSync(join(tmpdir(), 'parlab-extract-caps-'))

/** A .tar.gz of `count` empty directories d/0/, d/1/…, written header by header (about 2 MB gzipped for 300,000). */
export function tarOfDirectories(count: number, path = join(temp(), 'student.tar.gz')): string {
  // One ustar header as a template (checksum field blank); each copy gets its name and its checksum.
  const template = Buffer.alloc(512)
  new tar.Header({ path: 'd/', type: 'Directory', mode: 0o755, size: 0, mtime: new Date(0) }).encode(template)
  template.fill(0, 0, 100)
  template.fill(' ', 148, 156)
  const base = template.reduce((sum, byte) => sum + byte, 0)
  const all = Buffer.alloc(512 * count + 1024)
  for (let i = 0; i < count; i++) {
    const block = all.subarray(512 * i, 512 * (i + 1))
    template.copy(block)
    const name = Buffer.from(`d/${i}/`)
    name.copy(block)
    const sum = base + name.reduce((total, byte) => total + byte, 0)
    block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1')
  }
  writeFileSync(path, gzipSync(all, { level: 1 }))
  return path
}

async function refusal(archive: string, limits = defaultLimits): Promise<string> {
  try {
    await extractSubmission(archive, join(temp(), 'out'), limits)
  } catch (error) {
    expect(error).to.be.instanceOf(UnreadableSubmission)
    return (error as Error).message
  }
  throw new Error('the archive was not refused')
}

describe('extractSubmission: folders count, and unpacking is bounded in time', () => {
  it('refuses a tar.gz of 300,000 directories within seconds, with the reason', async function () {
    this.timeout(60_000) // the old code spent minutes creating the folders
    const archive = tarOfDirectories(300_000)
    const started = Date.now()
    const message = await refusal(archive)
    expect(message).to.include('more than 2000 entries (files and folders)')
    expect(Date.now() - started).to.be.below(10_000)
  })

  it('counts the folders that deep paths imply, not only those the archive names', async () => {
    const source = temp()
    const deep = Array.from({ length: 700 }, () => 'd').join('/')
    for (const top of ['a', 'b', 'c']) {
      mkdirSync(join(source, top, deep), { recursive: true })
      writeFileSync(join(source, top, deep, 'x.ts'), 'export {}\n')
    }
    const archive = join(temp(), 'deep.tar.gz')
    // Only the three files: the folders are implied by their paths.
    await tar.create({ gzip: true, file: archive, cwd: source }, [
      `a/${deep}/x.ts`,
      `b/${deep}/x.ts`,
      `c/${deep}/x.ts`,
    ])
    expect(await refusal(archive)).to.include('more than 2000 entries')
  })

  it('refuses an archive whose unpacking takes longer than its limit', async () => {
    const archive = tarOfDirectories(1_500)
    const message = await refusal(archive, { ...defaultLimits, timeoutMs: 1 })
    expect(message).to.include('unpacking the archive took more than 0.001 s: refused')
  })

  it('still unpacks an ordinary archive, folders and all', async () => {
    const source = temp()
    mkdirSync(join(source, 'sum', 'lib'), { recursive: true })
    writeFileSync(join(source, 'sum', 'sequential.ts'), 'export const x = 1\n')
    writeFileSync(join(source, 'sum', 'lib', 'split.ts'), 'export const y = 1\n')
    const archive = join(temp(), 'ok.tar.gz')
    await tar.create({ gzip: true, file: archive, cwd: source }, ['sum'])
    const dir = await extractSubmission(archive, join(temp(), 'out'))
    expect(existsSync(join(dir, 'sum', 'lib', 'split.ts'))).to.equal(true)
  })
})
