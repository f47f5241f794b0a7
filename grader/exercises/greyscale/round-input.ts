// A benchmark round's inputs, made inside the child before any timing: one fresh folder per timed call, each holding
// copies of a random subset of the data set's images whose pixels are new to this round (fresh-jpeg.ts), so that
// no greyscale made before the round answers a timed call. Runs in the sandboxed child: Node's own modules only.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileSeed, freshJpeg } from './fresh-jpeg.js'

export const benchFolder = 'bench'

export interface GreyscaleRound {
  /** The data set's image folder (readable by the child). */
  sourceDir: string
  /** File names per input folder: folder k is bench/in-k. */
  folders: string[][]
  /** Seeds each copy's new pixels (fileSeed). */
  seed: number
}

export const inputFolder = (k: number): string => join(benchFolder, `in-${k}`)
export const outputFolder = (sample: number, call: number): string =>
  join(benchFolder, `out-${sample}-${call}`)

/** The bytes of file `file` of folder `folder` in a round: the same in the child and in the grader. */
export const roundImage = (round: GreyscaleRound, folder: number, file: number): Uint8Array =>
  freshJpeg(
    readFileSync(join(round.sourceDir, round.folders[folder]![file]!)),
    fileSeed(round.seed, folder, file),
  )

/** Replaces the previous round's folders (inputs and any outputs left) with this round's inputs. */
export function prepareGreyscaleRound(round: GreyscaleRound, base = process.cwd()): void {
  rmSync(join(base, benchFolder), { recursive: true, force: true })
  round.folders.forEach((files, k) => {
    const dir = join(base, inputFolder(k))
    mkdirSync(dir, { recursive: true })
    files.forEach((file, i) => writeFileSync(join(dir, file), roundImage(round, k, i)))
  })
}
