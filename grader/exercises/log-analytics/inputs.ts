// Runs in the child: writes a check's fixture files into the child's scratch folder (its working directory) and
// hands the strategy their paths by source; data files are passed through by path. Bundled into the child: no
// reference code here.
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { nextVariant, writeBlocks } from '../files/blocks.js'
import {
  keptUnits,
  variantOrder,
  variantsPerSample,
  type LogAnalyticsRoundParams,
  type SampleRef,
  type SourceName,
} from './samples.js'

export type SourceFile = { name: string; base64: string } | { path: string }

export interface SourcesParams {
  dir: string
  sources: { access: SourceFile[]; appEvents: SourceFile[]; audit: SourceFile[]; auth: SourceFile[] }
}

export function buildSources(params: SourcesParams): Record<string, string[]> {
  const dir = join(process.cwd(), 'log-analytics-checks', params.dir)
  const place = (file: SourceFile): string => {
    if ('path' in file) return file.path
    const path = join(dir, file.name)
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, Buffer.from(file.base64, 'base64'))
    return path
  }
  return {
    access: params.sources.access.map(place),
    appEvents: params.sources.appEvents.map(place),
    audit: params.sources.audit.map(place),
    auth: params.sources.auth.map(place),
  }
}

const roundKey = 'log-analytics.round'

interface RoundState {
  params: LogAnalyticsRoundParams
  dir: string
  /** Calls made per sample so far: each takes the next variant. */
  uses: Map<string, number>
}

const keptFiles = (params: LogAnalyticsRoundParams, ref: SampleRef): [number, number[]][] =>
  [...keptUnits(params, ref)].sort(([a], [b]) => a - b)

/** A sample's sources: its files in `dir`, by source. */
function sampleSources(
  params: LogAnalyticsRoundParams,
  ref: SampleRef,
  dir: string,
): Record<SourceName, string[]> {
  const sources: Record<SourceName, string[]> = { access: [], appEvents: [], audit: [], auth: [] }
  for (const [index] of keptFiles(params, ref)) {
    const file = params.files[index]!
    sources[file.source].push(join(dir, file.name))
  }
  return sources
}

/** Writes a sample's kept blocks (in the variant's order) and whole files into `dir`. */
function writeSample(state: RoundState, ref: SampleRef, variant: number, dir: string): void {
  const { params } = state
  for (const [index, blocks] of keptFiles(params, ref)) {
    const file = params.files[index]!
    const target = join(dir, file.name)
    mkdirSync(dirname(target), { recursive: true })
    if (!file.ranges) {
      copyFileSync(file.path, target)
      continue
    }
    writeBlocks(file.path, file.ranges, variantOrder(blocks, params.roundSeed, ref, index, variant), target)
  }
}

const sampleDir = (state: RoundState, ref: SampleRef, variant: number): string =>
  join(state.dir, `sample-${ref.sample}-${ref.call}-${variant}`)

/** Before a round (untimed): the previous round's files go, this round's first samples are written. */
export function prepareLogAnalyticsRound(params: LogAnalyticsRoundParams, store: Map<string, unknown>): void {
  const root = join(process.cwd(), 'log-analytics-bench')
  rmSync(root, { recursive: true, force: true })
  const state: RoundState = { params, dir: join(root, `round-${params.roundSeed}`), uses: new Map() }
  for (let sample = 0; sample < params.prewritten; sample++) {
    for (let variant = 0; variant < variantsPerSample; variant++) {
      const ref = { sample, call: 0 }
      writeSample(state, ref, variant, sampleDir(state, ref, variant))
    }
  }
  store.set(roundKey, state)
}

/** The sources of one timed call: the next variant of its sample, so that each strategy reads bytes of its own. */
export function buildSampleSources(
  ref: SampleRef,
  store: Map<string, unknown>,
): Record<SourceName, string[]> {
  const state = store.get(roundKey) as RoundState | undefined
  if (!state) throw new Error('log-analytics: no benchmark round prepared')
  const variant = nextVariant(state.uses, ref, variantsPerSample)
  const dir = sampleDir(state, ref, variant)
  if (!existsSync(dir)) writeSample(state, ref, variant, dir)
  return sampleSources(state.params, ref, dir)
}
