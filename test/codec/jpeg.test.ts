// @parlab/jpeg (packages/jpeg): the greyscale exercise's codec. Its fast path (libjpeg-turbo through koffi) must
// write Pillow's files byte for byte; its fallback (sharp, with libturbojpeg made unavailable) must stay within JPEG
// error; damaged files must be refused with a reason; and the copy npm installed must be the one in packages/jpeg.
import {
  codecInfo,
  createCodec,
  decodeRgb,
  encodeGrey,
  encodeGreyFromRgb,
  JpegError,
  type JpegErrorCode,
} from '@parlab/jpeg'
import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import sharp from 'sharp'
import { toGreyscale } from '../../solutions/greyscale/luma.js'
import { skipBecause } from '../helpers.js'

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url))
const project = fileURLToPath(new URL('../../', import.meta.url))
const fixture = (name: string): Buffer => readFileSync(join(fixtures, name))
// Pillow 9.4 (Debian's python3-pil, on libjpeg-turbo 2.1.5) wrote each *.pillow.jpg:
// Image.open(x).convert("L").save(y, quality=90).
const identical = ['face-a', 'face-b', 'progressive', 'grey']
/** Pillow's bytes come from libjpeg-turbo: where this system has none (macOS without jpeg-turbo, Windows), skip. */
function needsFastPath(context: Mocha.Context): void {
  const info = codecInfo()
  if (info.backend === 'sharp') skipBecause(context, `the fast path is missing here: ${info.fallbackReason}`)
}

/** Mean and max |a - b| of two one-channel images decoded by sharp. */
async function difference(a: Uint8Array, b: Uint8Array): Promise<{ mean: number; max: number }> {
  const [x, y] = await Promise.all([a, b].map((jpeg) => sharp(jpeg).extractChannel(0).raw().toBuffer()))
  let sum = 0
  let max = 0
  for (let i = 0; i < x!.length; i++) {
    const d = Math.abs(x![i]! - y![i]!)
    sum += d
    max = Math.max(max, d)
  }
  return { mean: sum / x!.length, max }
}

async function refusal(jpeg: Uint8Array): Promise<JpegError> {
  try {
    await decodeRgb(jpeg)
  } catch (error) {
    expect(error).to.be.instanceOf(JpegError)
    return error as JpegError
  }
  throw new Error('decoded a damaged file without an error')
}

describe('@parlab/jpeg: the fast path (libjpeg-turbo through koffi)', () => {
  it('loads the system libturbojpeg (.ci/run installs it)', function () {
    const info = codecInfo()
    if (process.platform !== 'linux' && info.backend === 'sharp') skipBecause(this, info.fallbackReason)
    expect(info, JSON.stringify(info)).to.include({ backend: 'libjpeg-turbo' })
  })

  it('writes Pillow\'s convert("L").save(quality=90) byte for byte: baseline, progressive and grey inputs', async function () {
    needsFastPath(this)
    for (const name of identical) {
      const rgb = await decodeRgb(fixture(`${name}.jpg`))
      expect([rgb.width, rgb.height, rgb.data.length], name).to.deep.equal([178, 218, 178 * 218 * 3])
      const grey = await encodeGreyFromRgb(rgb.data, rgb.width, rgb.height, 90)
      expect(grey.equals(fixture(`${name}.pillow.jpg`)), name).to.equal(true)
    }
  })

  it('encodes a luma computed by toGreyscale to the same bytes as the encoder computing it', async () => {
    for (const name of identical) {
      const { data, width, height } = await decodeRgb(fixture(`${name}.jpg`))
      const fromLuma = await encodeGrey(toGreyscale(data), width, height, 90)
      expect(fromLuma.equals(await encodeGreyFromRgb(data, width, height, 90)), name).to.equal(true)
    }
  })

  it('gives the same bytes from codecs of their own, synchronous and on the thread pool, several at once', async function () {
    needsFastPath(this)
    const expected = identical.map((name) => fixture(`${name}.pillow.jpg`))
    const convert = async (offThread: boolean): Promise<boolean[]> => {
      const codecs = identical.map(() => createCodec({ offThread }))
      const results = await Promise.all(
        identical.map(async (name, i) => {
          const codec = codecs[i]!
          const out: boolean[] = []
          for (let round = 0; round < 5; round++) {
            const { data, width, height } = await codec.decodeRgb(fixture(`${name}.jpg`))
            out.push((await codec.encodeGreyFromRgb(data, width, height)).equals(expected[i]!))
          }
          return out.every(Boolean)
        }),
      )
      for (const codec of codecs) codec.close()
      return results
    }
    expect(await convert(false)).to.deep.equal([true, true, true, true])
    expect(await convert(true)).to.deep.equal([true, true, true, true])
  })

  // sharp converts CMYK through a colour profile, Pillow with plain arithmetic: their greys differ by about 16 levels.
  it('decodes a CMYK JPEG through sharp (libjpeg-turbo 2 converts no CMYK to RGB)', async () => {
    const { data, width, height } = await decodeRgb(fixture('cmyk.jpg'))
    expect([width, height, data.length]).to.deep.equal([178, 218, 178 * 218 * 3])
    const grey = await encodeGreyFromRgb(data, width, height)
    expect((await difference(grey, fixture('cmyk.pillow.jpg'))).mean).to.be.below(24)
  })

  it('refuses damaged files with a reason: empty, not a JPEG, truncated, corrupt', async () => {
    const face = fixture('face-a.jpg')
    const cases: [Uint8Array, JpegErrorCode, RegExp][] = [
      [new Uint8Array(0), 'empty', /empty file/],
      [
        Buffer.from('this is a text file with a .jpg name\n'),
        'not-jpeg',
        /not a JPEG file \(starts with 0x74/,
      ],
      [face.subarray(0, 2_000), 'truncated', /truncated JPEG/],
      [face.subarray(0, face.length - 2), 'truncated', /truncated JPEG/],
      [Buffer.concat([face.subarray(0, 200), Buffer.alloc(64, 0x11), face.subarray(264)]), 'corrupt', /JPEG/],
    ]
    for (const [bytes, code, message] of cases) {
      const error = await refusal(bytes)
      expect([error.code, error.message], String(bytes.length)).to.satisfy(
        ([c, m]: [string, string]) => c === code && message.test(m),
      )
    }
  })

  it('checks its arguments', async () => {
    const rgb = new Uint8Array(4 * 4 * 3)
    expect(() => encodeGreyFromRgb(rgb, 4, 5)).to.throw(RangeError, 'needs 60 bytes')
    expect(() => encodeGrey(rgb, 0, 4)).to.throw(RangeError, 'width and height')
    expect(() => encodeGrey(rgb, 4, 4, 101)).to.throw(RangeError, 'quality')
    const one = await encodeGrey(new Uint8Array(16).fill(128), 4, 4)
    expect(one.subarray(0, 2)).to.deep.equal(Buffer.from([0xff, 0xd8]))
  })

  it('is the copy in node_modules of packages/jpeg (after editing it, run npm ci or npm install)', () => {
    const source = join(project, 'packages', 'jpeg')
    const installed = join(project, 'node_modules', '@parlab', 'jpeg')
    for (const file of readdirSync(source)) {
      if (file === 'README.md') continue
      expect(readFileSync(join(installed, file)).equals(readFileSync(join(source, file))), file).to.equal(
        true,
      )
    }
  })

  it('loads under the permission model with reads limited to node_modules, as a sandboxed child does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parlab-jpeg-perm-'))
    try {
      const script = join(project, 'node_modules', '@parlab', 'jpeg', 'index.js')
      writeFileSync(
        join(dir, 'probe.mjs'),
        `const { codecInfo, decodeRgb } = await import(${JSON.stringify(script)})\n` +
          `const image = await decodeRgb(new Uint8Array(${JSON.stringify([...fixture('grey.jpg')])}))\n` +
          'console.log(JSON.stringify({ ...codecInfo(), width: image.width }))\n',
      )
      const permission = process.allowedNodeEnvironmentFlags.has('--permission')
        ? '--permission'
        : '--experimental-permission'
      const run = spawnSync(
        process.execPath,
        [
          permission,
          `--allow-fs-read=${dir}`,
          `--allow-fs-read=${join(project, 'node_modules')}`,
          '--allow-addons',
          '--no-warnings',
          join(dir, 'probe.mjs'),
        ],
        { encoding: 'utf8', timeout: 30_000 },
      )
      expect(run.status, run.stderr).to.equal(0)
      expect(JSON.parse(run.stdout)).to.include({ backend: codecInfo().backend, width: 178 })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

/** Runs a script with libturbojpeg made unavailable (PARLAB_JPEG_LIBRARY pointing at no file). */
function withoutFastPath(script: string): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: project,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, PARLAB_JPEG_LIBRARY: '/nonexistent/libturbojpeg.so.0' },
  })
  return { status: run.status, stdout: run.stdout, stderr: run.stderr }
}

describe('@parlab/jpeg: the fallback to sharp (fast path made unavailable)', function () {
  this.timeout(120_000)

  it('says why once, converts within JPEG error of Pillow, and refuses damaged files alike', async () => {
    const script = `
      import { codecInfo, decodeRgb, encodeGreyFromRgb, encodeGrey } from '@parlab/jpeg'
      import { readFileSync } from 'node:fs'
      const out = { info: codecInfo(), images: {}, errors: [] }
      for (const name of ${JSON.stringify(identical)}) {
        const { data, width, height } = await decodeRgb(readFileSync('test/codec/fixtures/' + name + '.jpg'))
        out.images[name] = (await encodeGreyFromRgb(data, width, height, 90)).toString('base64')
      }
      out.grey = (await encodeGrey(new Uint8Array(16).fill(7), 4, 4)).length
      const face = readFileSync('test/codec/fixtures/face-a.jpg')
      for (const bytes of [new Uint8Array(0), Buffer.from('text'), face.subarray(0, 2000)]) {
        try { await decodeRgb(bytes); out.errors.push('none') } catch (e) { out.errors.push(e.code) }
      }
      console.log(JSON.stringify(out))`
    const run = withoutFastPath(script)
    expect(run.status, run.stderr).to.equal(0)
    const out = JSON.parse(run.stdout) as {
      info: { backend: string; fallbackReason: string }
      images: Record<string, string>
      errors: string[]
      grey: number
    }
    expect(out.info.backend).to.equal('sharp')
    expect(out.info.fallbackReason).to.match(/libturbojpeg not found.*nonexistent/)
    expect(run.stderr.match(/@parlab\/jpeg: .*using sharp instead/g)).to.have.length(1)
    expect(run.stderr).to.include('apt install libturbojpeg0')
    for (const name of identical) {
      const { mean, max } = await difference(
        Buffer.from(out.images[name]!, 'base64'),
        fixture(`${name}.pillow.jpg`),
      )
      expect(mean, name).to.be.below(1)
      expect(max, name).to.be.at.most(16)
    }
    expect(out.errors).to.deep.equal(['empty', 'not-jpeg', 'truncated'])
    expect(out.grey).to.be.above(100)
  })
})
