import { expect } from 'chai'
import { parse } from 'csv-parse/sync'
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { celebaGenerator, imageCounts, imagesFolder } from '../../datasets/generators/celeba/celeba.js'
import { celebaImageCount, partitionOf } from '../../datasets/generators/celeba/records.js'
import { exactLuma } from '../../grader/exercises/greyscale/pixels.js'

function hashTree(dir: string): string {
  const hash = createHash('sha256')
  for (const name of readdirSync(dir, { recursive: true }).map(String).sort()) {
    const path = join(dir, name)
    hash.update(name)
    if (!name.endsWith('img_align_celeba')) hash.update(readFileSync(path))
  }
  return hash.digest('hex')
}

describe('the CelebA-shaped generator', function () {
  this.timeout(60_000)
  const dirs: string[] = []
  const generate = async (seed: number): Promise<string> => {
    const dir = mkdtempSync(join(tmpdir(), 'parlab-celeba-'))
    dirs.push(dir)
    await celebaGenerator.generate({ size: 'tiny', seed, dir })
    return dir
  }
  let tiny: string
  before(async () => {
    tiny = await generate(7)
  })
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  })

  it("writes CelebA's layout: the images two folders down, named 000001.jpg …", () => {
    const names = readdirSync(join(tiny, imagesFolder)).sort()
    expect(names).to.have.length(imageCounts.tiny)
    expect(names[0]).to.equal('000001.jpg')
    expect(names.at(-1)).to.equal(`${String(imageCounts.tiny).padStart(6, '0')}.jpg`)
    expect(readdirSync(tiny).sort()).to.deep.equal([
      'img_align_celeba',
      'list_attr_celeba.csv',
      'list_bbox_celeba.csv',
      'list_eval_partition.csv',
      'list_landmarks_align_celeba.csv',
    ])
  })

  it("writes the four CSVs with CelebA's exact headers and one row per image", () => {
    const headers: Record<string, string> = {
      'list_attr_celeba.csv':
        'image_id,5_o_Clock_Shadow,Arched_Eyebrows,Attractive,Bags_Under_Eyes,Bald,Bangs,Big_Lips,Big_Nose,Black_Hair,Blond_Hair,Blurry,Brown_Hair,Bushy_Eyebrows,Chubby,Double_Chin,Eyeglasses,Goatee,Gray_Hair,Heavy_Makeup,High_Cheekbones,Male,Mouth_Slightly_Open,Mustache,Narrow_Eyes,No_Beard,Oval_Face,Pale_Skin,Pointy_Nose,Receding_Hairline,Rosy_Cheeks,Sideburns,Smiling,Straight_Hair,Wavy_Hair,Wearing_Earrings,Wearing_Hat,Wearing_Lipstick,Wearing_Necklace,Wearing_Necktie,Young',
      'list_landmarks_align_celeba.csv':
        'image_id,lefteye_x,lefteye_y,righteye_x,righteye_y,nose_x,nose_y,leftmouth_x,leftmouth_y,rightmouth_x,rightmouth_y',
      'list_eval_partition.csv': 'image_id,partition',
      'list_bbox_celeba.csv': 'image_id,x_1,y_1,width,height',
    }
    for (const [file, header] of Object.entries(headers)) {
      const text = readFileSync(join(tiny, file), 'utf8')
      expect(text.split('\n')[0], file).to.equal(header)
      const rows = parse<Record<string, string>>(text, { columns: true })
      expect(rows, file).to.have.length(imageCounts.tiny)
      expect(rows.map((row) => row.image_id)).to.deep.equal(readdirSync(join(tiny, imagesFolder)).sort())
    }
    const attributes: string[][] = parse(readFileSync(join(tiny, 'list_attr_celeba.csv')), { from_line: 2 })
    for (const row of attributes) for (const value of row.slice(1)) expect(value).to.be.oneOf(['-1', '1'])
  })

  it('splits partitions as CelebA does at full size (162,770 / 19,867 / 19,962)', () => {
    const at = (index: number): number => partitionOf(index, celebaImageCount)
    expect([at(1), at(162_770), at(162_771), at(182_637), at(182_638), at(202_599)]).to.deep.equal([
      0, 0, 1, 1, 2, 2,
    ])
  })

  it('makes 178x218 RGB JPEGs with texture, far enough from grey that a wrong luma formula shows', async () => {
    for (const name of ['000001.jpg', '000017.jpg']) {
      const path = join(tiny, imagesFolder, name)
      const meta = await sharp(path).metadata()
      expect([meta.format, meta.width, meta.height, meta.channels]).to.deep.equal(['jpeg', 178, 218, 3])
      const stats = await sharp(path).stats()
      for (const channel of stats.channels) expect(channel.stdev, name).to.be.above(20)
      const rgb = await sharp(path).raw().toBuffer()
      const sharpGrey = await sharp(path).greyscale().raw().toBuffer({ resolveWithObject: true })
      const exact = exactLuma(rgb)
      let difference = 0
      for (let i = 0; i < exact.length; i++)
        difference += Math.abs(sharpGrey.data[i * sharpGrey.info.channels]! - exact[i]!)
      expect(difference / exact.length, name).to.be.above(3)
    }
  })

  it('gives the same bytes for the same seed and different ones for another seed', async () => {
    const again = await generate(7)
    const other = await generate(8)
    expect(hashTree(again)).to.equal(hashTree(tiny))
    expect(hashTree(other)).to.not.equal(hashTree(tiny))
  })
})
