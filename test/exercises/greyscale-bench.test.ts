import { expect } from 'chai'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import sharp from 'sharp'
import { celebaGenerator } from '../../datasets/generators/celeba/celeba.js'
import type { ArgSpec } from '../../grader/types.js'
import { greyscaleBench, imageSourceOf, imagesPerCall } from '../../grader/exercises/greyscale/bench.js'
import { prepareGreyscaleRound, type GreyscaleRound } from '../../grader/exercises/greyscale/round-input.js'
import { exactLuma } from '../../grader/exercises/greyscale/pixels.js'

type Writer = (input: string, output: string) => Promise<unknown>

const exact: Writer = async (input, output) => {
  const { data, info } = await sharp(input).raw().toBuffer({ resolveWithObject: true })
  await sharp(exactLuma(data), { raw: { width: info.width, height: info.height, channels: 1 } })
    .jpeg({ quality: 90 })
    .toFile(output)
}
const sharpGrey: Writer = (input, output) => sharp(input).greyscale().jpeg({ quality: 90 }).toFile(output)

describe('greyscale: the benchmark rounds', function () {
  this.timeout(60_000)
  let data: string
  let scratch: string
  before(async () => {
    data = mkdtempSync(join(tmpdir(), 'parlab-grey-bench-data-'))
    scratch = mkdtempSync(join(tmpdir(), 'parlab-grey-bench-scratch-'))
    await celebaGenerator.generate({ size: 'tiny', seed: 3, dir: data })
  })
  after(() => {
    rmSync(data, { recursive: true, force: true })
    rmSync(scratch, { recursive: true, force: true })
  })

  /** Prepares a round as the child would, converts sample 0's folder with `write`, runs the clean-up hook. */
  async function runSample(
    write: Writer,
    seed: number,
  ): Promise<{ error?: Error; outputDir: string; count: number }> {
    const round = greyscaleBench.newRound(seed, 'tiny', data)
    prepareGreyscaleRound(round.prepare.params as GreyscaleRound, scratch)
    const [call] = round.sample(0, 1) as [ArgSpec[]]
    const [inputDir, outputDir] = call.map((arg) => join(scratch, (arg as { name: string }).name)) as [
      string,
      string,
    ]
    mkdirSync(outputDir, { recursive: true })
    const names = readdirSync(inputDir)
    for (const name of names) await write(join(inputDir, name), join(outputDir, name))
    expect(round.verify(0, 0, { processed: names.length, failed: [] }, scratch)).to.equal(undefined)
    try {
      round.afterSample!(0, scratch)
      return { outputDir, count: names.length }
    } catch (error) {
      return { error: error as Error, outputDir, count: names.length }
    }
  }

  it('gives each call a fresh copied folder, accepts exact outputs and removes them', async () => {
    const { error, outputDir, count } = await runSample(exact, 11)
    expect(error).to.equal(undefined)
    expect(count).to.equal(imagesPerCall('tiny'))
    expect(existsSync(outputDir)).to.equal(false)
  })

  it("fails a timed call whose output is sharp's greyscale, and says why", async () => {
    const { error } = await runSample(sharpGrey, 12)
    expect(error?.message).to.include('wrong output during the benchmark').and.include('off the exact luma')
  })

  // Issue 17 §3: the data set's images are readable by the child, so a submission could convert all of them before
  // the clock starts (or keep an earlier round's outputs) and copy its results during the timed calls.
  it("fails a timed call whose outputs were made from the data set's images, not from the round's copies", async () => {
    const fromDataSet: Writer = (input, output) => exact(join(imageSourceOf(data), basename(input)), output)
    const { error } = await runSample(fromDataSet, 14)
    expect(error?.message).to.include('wrong output during the benchmark').and.include('off the exact luma')
  })

  it("judges the outputs against the round's copies made again, not against the child's input folder", async () => {
    // The child puts the original back in its input folder before writing the original's greyscale.
    const restoring: Writer = async (input, output) => {
      copyFileSync(join(imageSourceOf(data), basename(input)), input)
      await exact(input, output)
    }
    const { error } = await runSample(restoring, 15)
    expect(error?.message).to.include('off the exact luma')
  })

  it('fails a timed call that returned the wrong counts', () => {
    const round = greyscaleBench.newRound(13, 'tiny', data)
    round.sample(0, 1)
    expect(round.verify(0, 0, { processed: 3, failed: [] }, scratch)).to.include('expected { processed: 32')
  })

  it('draws different images in different rounds', () => {
    const folders = (seed: number) =>
      (greyscaleBench.newRound(seed, 'tiny', data).prepare.params as GreyscaleRound).folders
    expect(folders(1)).to.deep.equal(folders(1))
    expect(folders(1)).to.not.deep.equal(folders(2))
  })
})
