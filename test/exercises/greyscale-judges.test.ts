import { expect } from 'chai'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { treeChanges } from '../../grader/exercises/files/contents.js'
import { buildTree, type TreeEntry } from '../../grader/exercises/files/tree.js'
import { SyncDecoder } from '../../grader/exercises/greyscale/decode-sync.js'
import { jpegFrame } from '../../grader/exercises/greyscale/jpeg-header.js'
import { resultProblems } from '../../grader/exercises/greyscale/judges.js'
import { inspectOutputs } from '../../grader/exercises/greyscale/outputs.js'
import { lumaGrid, shortcutBehind, shortcuts } from '../../grader/exercises/greyscale/luma-cases.js'
import { compareGrey, exactLuma, pixelProblem } from '../../grader/exercises/greyscale/pixels.js'
import { prepareGreyscaleRound } from '../../grader/exercises/greyscale/round-input.js'

const pillow = (r: number, g: number, b: number): number => (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16

describe('greyscale: the grader’s luma and its judges', () => {
  let dir: string
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'parlab-grey-judges-'))
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('computes Pillow’s fixed-point 601-2 luma, and a grey pixel stays as it is', () => {
    const rgb = new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 12, 200, 99])
    expect([...exactLuma(rgb)]).to.deep.equal([
      pillow(255, 0, 0),
      pillow(0, 255, 0),
      pillow(0, 0, 255),
      255,
      0,
      pillow(12, 200, 99),
    ])
    expect([...exactLuma(new Uint8Array([7, 130]), 1)]).to.deep.equal([7, 130])
  })

  it('spans the cube and holds colours on which each shortcut misses, so each is caught and named', () => {
    const grid = lumaGrid()
    expect(grid.length % 3).to.equal(0)
    expect(grid.length / 3).to.be.above(17 ** 3)
    const exact = exactLuma(grid)
    for (const shortcut of shortcuts) {
      const received = exact.map((_, i) => shortcut.of(grid[3 * i]!, grid[3 * i + 1]!, grid[3 * i + 2]!))
      expect(
        received.some((value, i) => value !== exact[i]),
        shortcut.name,
      ).to.equal(true)
      expect(shortcutBehind(grid, received)?.name).to.equal(shortcut.name)
    }
    expect(shortcutBehind(grid, exact)).to.equal(undefined)
  })

  it('passes JPEG noise, fails a bias that noise would hide, and fails large errors', () => {
    const expected = new Uint8Array(1000).map((_, i) => 20 + (i % 200))
    const noisy = expected.map((v, i) => v + ((i * 7) % 3) - 1)
    expect(pixelProblem(compareGrey(noisy, 1, expected))).to.equal(undefined)
    const darker = expected.map((v) => v - 1)
    expect(pixelProblem(compareGrey(darker, 1, expected))).to.include('bias')
    const far = expected.map((v, i) => (i === 10 ? v + 60 : v))
    expect(pixelProblem(compareGrey(far, 1, expected))).to.include('max |difference| 60')
    const threeChannels = new Uint8Array(3000).map(
      (_, i) => expected[Math.floor(i / 3)]! + (i % 3 === 2 ? 9 : 0),
    )
    expect(compareGrey(threeChannels, 3, expected).channelSpread).to.equal(9)
  })

  it('reads width, height and components from JPEG headers without decoding', async () => {
    const grey = await sharp({ create: { width: 17, height: 9, channels: 3, background: '#808080' } })
      .toColourspace('b-w')
      .jpeg()
      .toBuffer()
    const colour = await sharp({ create: { width: 5, height: 6, channels: 3, background: '#ff0000' } })
      .jpeg({ progressive: true })
      .toBuffer()
    expect(jpegFrame(grey)).to.deep.equal({ width: 17, height: 9, components: 1 })
    expect(jpegFrame(colour)).to.deep.equal({ width: 5, height: 6, components: 3 })
    expect(jpegFrame(Buffer.from('hello, not a jpeg')))
      .to.be.a('string')
      .that.includes('not a JPEG')
  })

  it('decodes synchronously the same pixels sharp decodes asynchronously', async () => {
    const path = join(dir, 'sync.jpg')
    await sharp({ create: { width: 30, height: 20, channels: 3, background: '#3366cc' } })
      .jpeg()
      .toFile(path)
    const decoder = new SyncDecoder()
    try {
      const decoded = decoder.decode(path)
      const reference = await sharp(path).raw().toBuffer()
      expect(Buffer.from(decoded.data).equals(reference)).to.equal(true)
      expect([decoded.width, decoded.height, decoded.channels]).to.deep.equal([30, 20, 3])
      expect(() => decoder.decode(join(dir, 'missing.jpg'))).to.throw('missing.jpg')
    } finally {
      await decoder.close()
    }
  })

  it('inspects an unchanged output folder once for two checks, and again once a file in it changes', async () => {
    const input = join(dir, 'input.jpg')
    const output = join(dir, 'inspected')
    const rgb = Buffer.alloc(8 * 8 * 3, 90)
    await sharp(rgb, { raw: { width: 8, height: 8, channels: 3 } })
      .jpeg()
      .toFile(input)
    const grey = (level: number): Promise<unknown> =>
      sharp(Buffer.alloc(64, level), { raw: { width: 8, height: 8, channels: 1 } })
        .jpeg()
        .toFile(join(output, 'a.jpg'))
    mkdirSync(output)
    await grey(90)
    const converts = new Map([['a.jpg', input]])
    const first = await inspectOutputs(output, converts)
    expect(first.images[0]!.stats!.maxAbs).to.be.at.most(1)
    expect(await inspectOutputs(output, converts)).to.equal(first)
    await grey(200)
    // File times may be coarser than two writes apart: date this one clearly later.
    utimesSync(join(output, 'a.jpg'), new Date(), new Date(Date.now() + 60_000))
    const changed = await inspectOutputs(output, converts)
    expect(changed).to.not.equal(first)
    expect(changed.images[0]!.stats!.maxAbs).to.be.above(100)
  })

  it('judges processed and failed exactly: counts, names, order and reasons', () => {
    const folder = {
      tree: { root: '', entries: [] },
      converts: new Map([['a.jpg', '']]),
      fails: ['b.jpg', 'c.jpg'],
    }
    expect(
      resultProblems(
        {
          processed: 1,
          failed: [
            { file: 'b.jpg', error: 'x' },
            { file: 'c.jpg', error: 'y' },
          ],
        },
        folder,
      ),
    ).to.deep.equal([])
    const problems = resultProblems(
      {
        processed: 3,
        failed: [
          { file: 'c.jpg', error: '' },
          { file: 'b.jpg', error: 'y' },
        ],
      },
      folder,
    )
    expect(problems.join('\n'))
      .to.include('processed: expected 1, received 3')
      .and.include('sort it by file name')
      .and.include('without a reason: c.jpg')
  })

  it('builds trees in a scratch folder and finds what changed in them afterwards', () => {
    const source = join(dir, 'source.bin')
    writeFileSync(source, Buffer.from([1, 2, 3, 4, 5, 6]))
    const entries: TreeEntry[] = [
      { path: 'a.txt', kind: 'text', text: 'a' },
      { path: 'sub/b.bin', kind: 'copy', from: source },
      { path: 'c.bin', kind: 'head', from: source, bytes: 2 },
      { path: 'empty', kind: 'bytes', bytes: new Uint8Array(0) },
    ]
    const root = buildTree({ root: 'tree/in', entries }, dir)
    expect(readFileSync(join(root, 'c.bin'))).to.deep.equal(Buffer.from([1, 2]))
    expect(treeChanges(root, entries)).to.deep.equal({ added: [], removed: [], changed: [] })
    writeFileSync(join(root, 'a.txt'), 'changed')
    writeFileSync(join(root, 'new.jpg'), 'x')
    rmSync(join(root, 'sub/b.bin'))
    expect(treeChanges(root, entries)).to.deep.equal({
      added: ['new.jpg'],
      removed: ['sub/b.bin'],
      changed: ['a.txt'],
    })
    expect(() =>
      buildTree({ root: 'tree/x', entries: [{ path: '../escape', kind: 'text', text: '' }] }, dir),
    ).to.throw('leaves its root')
  })

  it('prepares a benchmark round: one input folder per call, the previous round removed', () => {
    const images = join(dir, 'images')
    buildTree(
      {
        root: 'images',
        entries: ['1.jpg', '2.jpg', '3.jpg'].map((path) => ({ path, kind: 'text', text: path })),
      },
      dir,
    )
    const scratch = join(dir, 'scratch')
    prepareGreyscaleRound({ sourceDir: images, folders: [['1.jpg', '3.jpg'], ['2.jpg']], seed: 1 }, scratch)
    writeFileSync(join(scratch, 'bench', 'leftover'), '')
    prepareGreyscaleRound({ sourceDir: images, folders: [['2.jpg']], seed: 2 }, scratch)
    expect(
      treeChanges(join(scratch, 'bench'), [{ path: 'in-0/2.jpg', kind: 'text', text: '2.jpg' }]),
    ).to.deep.equal({
      added: [],
      removed: [],
      changed: [],
    })
  })
})
