// The inputs of the checks: committed fixture folders (sent to the child as bytes) and the tiny data set (read by
// path). The grader reads the very same files for the expected values.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Sources } from '../../../solutions/log-analytics/types.js'
import type { ArgSpec } from '../../types.js'
import type { SourcesParams } from './inputs.js'
import { relativeSources, sourceNames, sourcesIn } from './layout.js'

export const fixturesDir = fileURLToPath(
  new URL('../../../datasets/fixtures/log-analytics/', import.meta.url),
)

/** Where a check's files come from: a fixture folder, or the tiny data set. */
export type CaseInput = { kind: 'fixture'; name: string } | { kind: 'data' }

export function dataDirOf(dataDir: string | undefined): string {
  if (!dataDir) throw new Error('log-analytics: this check needs the tiny data set, and none was prepared')
  return dataDir
}

/** The files as the grader reads them, by source. */
export function sourcesOf(input: CaseInput, dataDir: string | undefined): Sources {
  return sourcesIn(input.kind === 'fixture' ? join(fixturesDir, input.name) : dataDirOf(dataDir))
}

/** The argument that makes the child write the fixture files (or pass data paths through) and hand them over. */
export function sourcesArg(id: string, input: CaseInput, dataDir: string | undefined): ArgSpec {
  const params: SourcesParams = {
    dir: id,
    sources: { access: [], appEvents: [], audit: [], auth: [] },
  }
  if (input.kind === 'data') {
    const sources = sourcesIn(dataDirOf(dataDir))
    for (const name of sourceNames) params.sources[name] = sources[name].map((path) => ({ path }))
  } else {
    const root = join(fixturesDir, input.name)
    const relative = relativeSources(root)
    for (const name of sourceNames) {
      params.sources[name] = relative[name].map((path) => ({
        name: path,
        base64: readFileSync(join(root, path)).toString('base64'),
      }))
    }
  }
  return { kind: 'input', name: 'log-analytics.sources', params }
}
