// Runs in the child: writes a check's fixture files into the child's scratch folder (its working directory) and
// hands the strategy their paths by source; data files are passed through by path. Bundled into the child: no
// reference code here.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

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

/** A benchmark round needs nothing prepared: every call reads the data set's files by path. */
export function prepareLogAnalyticsRound(): void {}
