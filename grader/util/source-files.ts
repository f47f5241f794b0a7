import { existsSync, readdirSync, statSync } from 'node:fs'
import { extname, join } from 'node:path'

const maxSourceBytes = 2 * 1024 * 1024
export const compiledExtensions: ReadonlySet<string> = new Set(['.ts', '.mts', '.js', '.mjs'])
export const copiedExtensions: ReadonlySet<string> = new Set(['.json', '.cjs'])

/** Source files of an exercise folder, relative to it: no hidden entries, no node_modules, no links, no huge files. */
export function listSourceFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(join(dir, prefix))) return [] // a missing exercise folder: every strategy is "missing"
  const files: string[] = []
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue
    const rel = join(prefix, entry.name)
    if (entry.isDirectory()) files.push(...listSourceFiles(dir, rel))
    else if (
      entry.isFile() &&
      !rel.endsWith('.d.ts') &&
      (compiledExtensions.has(extname(rel)) || copiedExtensions.has(extname(rel)))
    ) {
      if (statSync(join(dir, rel)).size <= maxSourceBytes) files.push(rel)
    }
  }
  return files.sort()
}
