// Runs in the child: writes the files a check or a benchmark sample reads into the child's scratch folder (its
// working directory), and hands the strategy their paths. Bundled into the child: no reference code here.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { nextVariant, writeBlocks } from '../files/blocks.js'
import {
  sampleBlocks,
  variantOrder,
  variantsPerSample,
  type AccessLogsRoundParams,
  type SampleRef,
} from './samples.js'

/** A check's files: written from their bytes (fixtures), or data files passed through by path. */
export interface CheckFilesParams {
  dir: string
  files: ({ name: string; base64: string } | { path: string })[]
}

export function buildCheckFiles(params: CheckFilesParams): string[] {
  const dir = join(process.cwd(), 'access-logs-checks', params.dir)
  mkdirSync(dir, { recursive: true })
  return params.files.map((file) => {
    if ('path' in file) return file.path
    const path = join(dir, file.name)
    writeFileSync(path, Buffer.from(file.base64, 'base64'))
    return path
  })
}

const roundKey = 'access-logs.round'

interface RoundState {
  params: AccessLogsRoundParams
  dir: string
  uses: Map<string, number>
}

function writeSample(state: RoundState, ref: SampleRef, variant: number, path: string): void {
  const { params } = state
  const blockCount = params.ranges.length / 2
  const order = variantOrder(
    sampleBlocks(params.roundSeed, ref, blockCount, params.blocksPerSample),
    params.roundSeed,
    ref,
    variant,
  )
  writeBlocks(params.file, params.ranges, order, path)
}

const samplePath = (state: RoundState, ref: SampleRef, variant: number): string =>
  join(state.dir, `sample-${ref.sample}-${ref.call}-${variant}.log`)

/** Before a round (untimed): the previous round's files go, this round's first samples are written. */
export function prepareAccessLogsRound(params: AccessLogsRoundParams, store: Map<string, unknown>): void {
  const root = join(process.cwd(), 'access-logs-bench')
  rmSync(root, { recursive: true, force: true })
  const state: RoundState = { params, dir: join(root, `round-${params.roundSeed}`), uses: new Map() }
  mkdirSync(state.dir, { recursive: true })
  for (let sample = 0; sample < params.prewritten; sample++) {
    for (let variant = 0; variant < variantsPerSample; variant++) {
      writeSample(state, { sample, call: 0 }, variant, samplePath(state, { sample, call: 0 }, variant))
    }
  }
  store.set(roundKey, state)
}

/** The files of one timed call: the next variant of its sample, so that each strategy reads bytes of its own. */
export function buildSampleFiles(ref: SampleRef, store: Map<string, unknown>): string[] {
  const state = store.get(roundKey) as RoundState | undefined
  if (!state) throw new Error('access-logs: no benchmark round prepared')
  const variant = nextVariant(state.uses, ref, variantsPerSample)
  const path = samplePath(state, ref, variant)
  if (!existsSync(path)) writeSample(state, ref, variant, path)
  return [path]
}
