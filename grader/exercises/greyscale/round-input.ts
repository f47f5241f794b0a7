// A benchmark round's inputs, made inside the child before any timing: one fresh folder per timed call, each a
// copy of a random subset of the data set's images. Runs in the sandboxed child: Node's own modules only.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'

export const benchFolder = 'bench'

export interface GreyscaleRound {
  /** The data set's image folder (readable by the child). */
  sourceDir: string
  /** File names per input folder: folder k is bench/in-k. */
  folders: string[][]
}

export const inputFolder = (k: number): string => join(benchFolder, `in-${k}`)
export const outputFolder = (sample: number, call: number): string =>
  join(benchFolder, `out-${sample}-${call}`)

/** Replaces the previous round's folders (inputs and any outputs left) with this round's inputs. */
export function prepareGreyscaleRound(round: GreyscaleRound, base = process.cwd()): void {
  rmSync(join(base, benchFolder), { recursive: true, force: true })
  round.folders.forEach((files, k) => {
    const dir = join(base, inputFolder(k))
    mkdirSync(dir, { recursive: true })
    for (const file of files) copyFileSync(join(round.sourceDir, file), join(dir, file))
  })
}
