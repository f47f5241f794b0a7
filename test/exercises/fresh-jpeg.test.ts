import { expect } from 'chai'
import sharp from 'sharp'
import { fileSeed, freshJpeg } from '../../grader/exercises/greyscale/fresh-jpeg.js'
import { jpegFrame } from '../../grader/exercises/greyscale/jpeg-header.js'

async function testImage(quality: number): Promise<Buffer> {
  const width = 64
  const height = 48
  const pixels = Buffer.alloc(width * height * 3)
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37 + ((i / 191) | 0) * 11) & 0xff
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality })
    .toBuffer()
}

const decode = async (jpeg: Uint8Array) =>
  (await sharp(jpeg).raw().toBuffer({ resolveWithObject: true })).data

function meanAbsDifference(a: Uint8Array, b: Uint8Array): number {
  let total = 0
  for (let i = 0; i < a.length; i++) total += Math.abs(a[i]! - b[i]!)
  return total / a.length
}

describe("greyscale: a round's copies of an image have new pixels", function () {
  this.timeout(30_000)

  for (const quality of [75, 100]) {
    it(`changes the decoded pixels of a quality-${quality} JPEG, keeps its size and frame, and is repeatable`, async () => {
      const original = await testImage(quality)
      const fresh = freshJpeg(original, fileSeed(7, 0, 0))
      expect(fresh.length).to.equal(original.length)
      expect(jpegFrame(fresh)).to.deep.equal(jpegFrame(original))
      expect(meanAbsDifference(await decode(fresh), await decode(original))).to.be.above(1)
      expect(Buffer.from(freshJpeg(original, fileSeed(7, 0, 0))).equals(fresh)).to.equal(true)
      const other = freshJpeg(original, fileSeed(8, 0, 0))
      expect(meanAbsDifference(await decode(fresh), await decode(other))).to.be.above(0)
    })
  }

  it('changes only the quantization tables, not the entropy-coded data', async () => {
    const original = await testImage(80)
    const fresh = freshJpeg(original, 1)
    const changed = [...original.keys()].filter((i) => original[i] !== fresh[i])
    const scan = original.indexOf(Buffer.from([0xff, 0xda]))
    expect(changed.length).to.be.above(2)
    expect(changed.every((i) => i < scan)).to.equal(true)
    for (const i of changed) expect(original.lastIndexOf(Buffer.from([0xff, 0xdb]), i)).to.be.above(-1)
  })

  it('leaves bytes that are not a JPEG as they are', () => {
    const text = Buffer.from('not an image')
    expect(Buffer.from(freshJpeg(text, 3)).equals(text)).to.equal(true)
  })

  it('gives every file of every folder and round its own seed', () => {
    const seeds = new Set<number>()
    for (const round of [1, 2])
      for (let folder = 0; folder < 8; folder++)
        for (let file = 0; file < 50; file++) seeds.add(fileSeed(round, folder, file))
    expect(seeds.size).to.equal(2 * 8 * 50)
  })
})
