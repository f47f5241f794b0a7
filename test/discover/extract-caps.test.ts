import { expect } from 'chai'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tar from 'tar'
import { defaultLimits, extractSubmission, UnreadableSubmission } from '../../grader/discover/extract.js'
import { tarOfDirectories } from '../helpers.js'

const temp = (): string => mkdtempSync(join(tmpdir(), 'parlab-extract-caps-'))

/** A .tar.gz of `count` empty directories d/0/, d/1/…, written header by header (about 2 MB gzipped for 300,000). */

async function refusal(
  archive: string,
  limits = defaultLimits,
  target = join(temp(), 'out'),
): Promise<string> {
  try {
    await extractSubmission(archive, target, limits)
  } catch (error) {
    expect(error).to.be.instanceOf(UnreadableSubmission)
    return (error as Error).message
  }
  throw new Error('the archive was not refused')
}

describe('extractSubmission: folders count, and unpacking is bounded in time', () => {
  it('refuses a tar.gz of 300,000 directories from its headers up to the cap, unpacking nothing', async function () {
    this.timeout(60_000) // the old code spent minutes creating the folders
    const archive = tarOfDirectories(300_000, join(temp(), 'student.tar.gz'))
    const target = join(temp(), 'out')
    expect(await refusal(archive, defaultLimits, target)).to.include(
      'more than 2000 entries (files and folders)',
    )
    expect(readdirSync(target)).to.deep.equal([])
    // Cut off a third of the way in: a reader that went on past the cap would meet the broken end instead.
    const cut = join(temp(), 'cut.tar.gz')
    writeFileSync(cut, readFileSync(archive).subarray(0, Math.floor(statSync(archive).size / 3)))
    expect(await refusal(cut)).to.include('more than 2000 entries (files and folders)')
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
    const archive = tarOfDirectories(1_500, join(temp(), 'student.tar.gz'))
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
