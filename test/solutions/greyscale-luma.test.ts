import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { exactLuma } from '../../grader/exercises/greyscale/pixels.js'
import { toGreyscale } from '../../solutions/greyscale/luma.js'
import { pythonWith, skipBecause } from '../helpers.js'

const pillowScript =
  'import sys\nfrom PIL import Image\ndata = sys.stdin.buffer.read()\n' +
  'sys.stdout.buffer.write(Image.frombytes("RGB", (len(data) // 3, 1), data).convert("L").tobytes())'

/** Every 7th colour of the cube: 2.4 M colours, all values of each channel. */
function colours(): Uint8Array {
  const rgb = new Uint8Array(Math.ceil(2 ** 24 / 7) * 3)
  for (let c = 0, i = 0; c < 2 ** 24; c += 7, i += 3) rgb.set([c >> 16, (c >> 8) & 255, c & 255], i)
  return rgb
}

describe('greyscale reference: toGreyscale', () => {
  it("equals the grader's fixed-point 601-2 luma on 2.4 M colours", () => {
    const rgb = colours()
    expect(Buffer.from(toGreyscale(rgb)).equals(Buffer.from(exactLuma(rgb)))).to.equal(true)
  })

  it('equals Pillow’s convert("L")', function () {
    const found = pythonWith('PIL')
    if ('missing' in found) skipBecause(this, found.missing)
    const rgb = colours()
    const pillow = spawnSync(found.python, ['-c', pillowScript], { input: rgb, maxBuffer: 1 << 26 })
    expect(pillow.status, String(pillow.stderr)).to.equal(0)
    expect(Buffer.from(toGreyscale(rgb)).equals(pillow.stdout)).to.equal(true)
  })

  it('rejects input that is not packed RGB', () => {
    expect(() => toGreyscale(new Uint8Array(4))).to.throw(RangeError, 'multiple of 3')
  })
})
