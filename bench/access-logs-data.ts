// The bench's log: 2 M generated lines (10 M with --full), made once into the data cache and reused.
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeAccessLogs } from '../datasets/generators/access-logs.js'
import { cacheRoot } from '../grader/prepare/prepare.js'

export const benchSeed = 1

export async function benchLog(lines: number, log: (line: string) => void): Promise<string> {
  const dir = join(cacheRoot, 'access-logs', `bench-${lines}-${benchSeed}`)
  const file = join(dir, 'access.log')
  if (existsSync(join(dir, '.complete'))) return file
  const partial = `${dir}.partial-${process.pid}`
  rmSync(partial, { recursive: true, force: true })
  log(`generating ${lines.toLocaleString('en-US')} lines into ${dir} (once) …`)
  let shown = 0
  await writeAccessLogs({
    lines,
    seed: benchSeed,
    dir: partial,
    rotated: false,
    onProgress: (done, total) => {
      if (process.stderr.isTTY && done - shown >= total / 20) {
        shown = done
        process.stderr.write(`\r  ${Math.round((100 * done) / total)}%${done === total ? '\n' : ''}`)
      }
    },
  })
  writeFileSync(join(partial, '.complete'), `${new Date().toISOString()}\n`)
  rmSync(dir, { recursive: true, force: true })
  renameSync(partial, dir)
  return file
}
