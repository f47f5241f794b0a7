// Which file belongs to which source, by name: the layout of the generated data sets, of the fixtures, and of a
// real folder given with --data (access*.log, app-events*.jsonl, auth*.log, each optionally .gz; CloudTrail
// files under audit/, .json or .json.gz).
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Sources } from '../../../solutions/log-analytics/types.js'

export type SourceName = keyof Sources
export const sourceNames: readonly SourceName[] = ['access', 'appEvents', 'audit', 'auth']

const patterns: Record<Exclude<SourceName, 'audit'>, RegExp> = {
  access: /^access.*\.log(\.gz)?$/,
  appEvents: /^app-events.*\.jsonl(\.gz)?$/,
  auth: /^auth.*\.log(\.gz)?$/,
}
const auditFile = /\.json(\.gz)?$/

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** Paths relative to `dir`, by source, each list sorted by name. */
export function relativeSources(dir: string): Record<SourceName, string[]> {
  const names = readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isFile())
    .sort(byName)
  const auditDir = join(dir, 'audit')
  const audit = existsSync(auditDir)
    ? readdirSync(auditDir)
        .filter((name) => auditFile.test(name))
        .sort(byName)
        .map((name) => `audit/${name}`)
    : []
  return {
    access: names.filter((name) => patterns.access.test(name)),
    appEvents: names.filter((name) => patterns.appEvents.test(name)),
    audit,
    auth: names.filter((name) => patterns.auth.test(name)),
  }
}

/** Absolute paths by source. */
export function sourcesIn(dir: string): Sources {
  const relative = relativeSources(dir)
  return {
    access: relative.access.map((path) => join(dir, path)),
    appEvents: relative.appEvents.map((path) => join(dir, path)),
    audit: relative.audit.map((path) => join(dir, path)),
    auth: relative.auth.map((path) => join(dir, path)),
  }
}
