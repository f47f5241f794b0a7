// npm run datasets -- --size tiny|small|full [--seed N] [--clean]: generates (or clears) the sample data.
import cliProgress from 'cli-progress'
import { rmSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { cacheRoot, cachedDataset } from '../grader/prepare/prepare.js'
import type { DataSize } from '../grader/types.js'
import { generators } from './generators/index.js'

const usage = 'Usage: npm run datasets -- --size tiny|small|full [--seed N] [--clean]'

async function main(): Promise<number> {
  let values
  try {
    ;({ values } = parseArgs({
      options: {
        size: { type: 'string', default: 'small' },
        seed: { type: 'string', default: '1' },
        clean: { type: 'boolean' },
      },
      strict: true,
    }))
  } catch (error) {
    console.error(`parlab datasets: ${(error as Error).message.split('\n')[0]}. ${usage}`)
    return 2
  }
  const size = values.size as DataSize
  const seed = Number(values.seed)
  if (!['tiny', 'small', 'full'].includes(size)) {
    console.error(`parlab datasets: --size "${values.size}" is not one of tiny, small, full. ${usage}`)
    return 2
  }
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffffffff) {
    console.error(`parlab datasets: --seed "${values.seed}" must be an integer from 0 to 4294967295`)
    return 2
  }
  if (values.clean) {
    rmSync(cacheRoot, { recursive: true, force: true })
    console.log(`emptied ${cacheRoot}`)
  }
  console.log('sum: built in memory from the seed at grading time; nothing to write')
  const interactive = process.stderr.isTTY && !process.env.CI
  for (const [id, generator] of Object.entries(generators)) {
    const bar = new cliProgress.SingleBar(
      {
        format: ` ${id} {bar} {value}/{total} | ETA {eta_formatted}`,
        stream: process.stderr,
        clearOnComplete: true,
      },
      cliProgress.Presets.shades_classic,
    )
    let started = false
    const dir = await cachedDataset(id as never, size, seed, (done, total) => {
      if (!interactive) return
      if (!started) bar.start(total, 0)
      started = true
      bar.update(done)
    })
    if (started) bar.stop()
    console.log(`${id}: ${generator.describe(size)} in ${dir}`)
  }
  return 0
}

process.exitCode = await main()
