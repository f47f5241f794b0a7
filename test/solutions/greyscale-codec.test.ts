// The greyscale references on @parlab/jpeg: the three strategies write the same bytes, Pillow's bytes where
// libjpeg-turbo runs, refuse corrupt files with reasons, and still work (through sharp, said once) without it.
import { codecInfo } from '@parlab/jpeg'
import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import sharp from 'sharp'
import { celebaGenerator, imagesFolder } from '../../datasets/generators/celeba/celeba.js'
import { compareGrey, exactLuma, pixelProblem } from '../../grader/exercises/greyscale/pixels.js'
import { greyscaleConcurrent } from '../../solutions/greyscale/concurrent.js'
import { greyscaleParallel } from '../../solutions/greyscale/parallel.js'
import { greyscaleSequential } from '../../solutions/greyscale/sequential.js'
import { pythonWith, skipBecause } from '../helpers.js'

const project = fileURLToPath(new URL('../../', import.meta.url))
const solution = (name: string): string =>
  new URL(`../../solutions/greyscale/${name}.ts`, import.meta.url).href
const pillowScript =
  'import os, sys\nfrom PIL import Image\nsrc, dst = sys.argv[1], sys.argv[2]\n' +
  'for f in sorted(os.listdir(src)):\n' +
  '    Image.open(os.path.join(src, f)).convert("L").save(os.path.join(dst, f), quality=90)\n'

describe('greyscale references on @parlab/jpeg', function () {
  this.timeout(120_000)
  let work: string
  let images: string
  let names: string[]

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'parlab-grey-codec-'))
    const data = join(work, 'data')
    await celebaGenerator.generate({ size: 'tiny', seed: 3, dir: data })
    images = join(data, imagesFolder)
    names = readdirSync(images).sort()
  })
  after(() => rmSync(work, { recursive: true, force: true }))

  const strategies = {
    sequential: greyscaleSequential,
    parallel: (i: string, o: string) => greyscaleParallel(i, o, { workers: 2 }),
    concurrent: (i: string, o: string) => greyscaleConcurrent(i, o, { concurrency: 3 }),
  }

  it('the three strategies write the same bytes, each file within the grader’s pixel tolerance', async () => {
    const outputs: Record<string, Buffer[]> = {}
    for (const [name, run] of Object.entries(strategies)) {
      const out = join(work, `out-${name}`)
      const result = await run(images, out)
      expect(result, name).to.deep.equal({ processed: names.length, failed: [] })
      outputs[name] = names.map((file) => readFileSync(join(out, file)))
    }
    for (const name of ['parallel', 'concurrent']) {
      expect(
        outputs[name]!.every((bytes, i) => bytes.equals(outputs.sequential![i]!)),
        name,
      ).to.equal(true)
    }
    for (const [i, file] of names.entries()) {
      const input = await sharp(join(images, file)).raw().toBuffer({ resolveWithObject: true })
      const output = await sharp(outputs.sequential![i]).raw().toBuffer({ resolveWithObject: true })
      const problem = pixelProblem(
        compareGrey(output.data, output.info.channels, exactLuma(input.data, input.info.channels)),
      )
      expect(problem, file).to.equal(undefined)
    }
  })

  it("writes Pillow's files byte for byte where libjpeg-turbo runs", function () {
    if (codecInfo().backend !== 'libjpeg-turbo') skipBecause(this, 'libturbojpeg is not installed here')
    const found = pythonWith('PIL')
    if ('missing' in found) skipBecause(this, found.missing)
    const pillow = join(work, 'pillow')
    mkdirSync(pillow)
    const run = spawnSync(found.python, ['-c', pillowScript, images, pillow], { encoding: 'utf8' })
    expect(run.status, run.stderr).to.equal(0)
    const ours = join(work, 'out-sequential')
    const same = names.filter((file) =>
      readFileSync(join(ours, file)).equals(readFileSync(join(pillow, file))),
    )
    expect(same.length).to.equal(names.length)
  })

  it('reports corrupt files in failed with the reason, and converts the rest', async () => {
    const input = join(work, 'corrupt')
    mkdirSync(input)
    for (const file of names.slice(0, 3)) copyFileSync(join(images, file), join(input, file))
    writeFileSync(join(input, 'truncated.jpg'), readFileSync(join(images, names[3]!)).subarray(0, 2_000))
    writeFileSync(join(input, 'not-a-jpeg.jpg'), 'this is a text file with a .jpg name\n')
    writeFileSync(join(input, 'empty.jpg'), '')
    for (const [name, run] of Object.entries(strategies)) {
      const result = await run(input, join(work, `corrupt-${name}`))
      expect(result.processed, name).to.equal(3)
      expect(
        result.failed.map((f) => `${f.file}: ${f.error.split(' (')[0]}`),
        name,
      ).to.deep.equal([
        'empty.jpg: empty file',
        'not-a-jpeg.jpg: not a JPEG file',
        'truncated.jpg: truncated JPEG: the data ends early',
      ])
    }
  })

  it('falls back to sharp without libturbojpeg: same results within JPEG error, said once for all workers', async () => {
    const script = `
      import { greyscaleSequential } from '${solution('sequential')}'
      import { greyscaleParallel } from '${solution('parallel')}'
      import { greyscaleConcurrent } from '${solution('concurrent')}'
      const [input, output] = ${JSON.stringify([images, join(work, 'fallback')])}
      const results = [
        await greyscaleParallel(input, output + '-parallel', { workers: 2 }),
        await greyscaleSequential(input, output + '-sequential'),
        await greyscaleConcurrent(input, output + '-concurrent'),
      ]
      console.log(JSON.stringify(results))
      process.exit(0)`
    // A file, not -e: the pool's workers inherit the process's flags, and --input-type would stop them.
    const file = join(work, 'fallback.mjs')
    writeFileSync(file, script)
    const run = spawnSync(process.execPath, ['--import', 'tsx', file], {
      cwd: project,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, PARLAB_JPEG_LIBRARY: '/nonexistent/libturbojpeg.so.0' },
    })
    expect(run.status, run.stderr).to.equal(0)
    expect(JSON.parse(run.stdout)).to.deep.equal(Array(3).fill({ processed: names.length, failed: [] }))
    expect(run.stderr.match(/using sharp instead/g)).to.have.length(1)
    for (const strategy of ['sequential', 'parallel', 'concurrent']) {
      for (const file of names.slice(0, 10)) {
        const input = await sharp(join(images, file)).raw().toBuffer({ resolveWithObject: true })
        const output = await sharp(join(work, `fallback-${strategy}`, file))
          .raw()
          .toBuffer({ resolveWithObject: true })
        const problem = pixelProblem(
          compareGrey(output.data, output.info.channels, exactLuma(input.data, input.info.channels)),
        )
        expect(problem, `${strategy} ${file}`).to.equal(undefined)
      }
    }
  })
})
