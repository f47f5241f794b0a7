import { build, transform } from 'esbuild'
import { mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  compiledExtensions as compiled,
  copiedExtensions as copied,
  listSourceFiles,
} from '../util/source-files.js'
import { ownedTempDir } from '../util/abandoned.js'

const projectRoot = fileURLToPath(new URL('../../', import.meta.url))
export const projectNodeModules = realpathSync(join(projectRoot, 'node_modules'))

export interface CompileProblem {
  file: string
  message: string
}

/** A per-run temporary folder: compiled code per origin (read-only by convention), scratch per child. */
export class Workspace {
  readonly root: string
  #runtimeEntry: string | undefined
  #scratchCount = 0

  constructor(parent = tmpdir()) {
    // What a killed run left is removed by the next one (in /dev/shm, that is RAM).
    this.root = ownedTempDir(parent, 'parlab-')
  }

  buildRoot(key: string): string {
    return join(this.root, 'build', key)
  }

  newScratch(): string {
    const dir = join(this.root, 'scratch', String(++this.#scratchCount))
    mkdirSync(dir, { recursive: true })
    return dir
  }

  /** The child entry, bundled once per run: sandboxed children run plain JS (tsx cannot run under the permission model). */
  async runtimeEntry(): Promise<string> {
    if (this.#runtimeEntry) return this.#runtimeEntry
    const outfile = join(this.root, 'runtime', 'child-entry.mjs')
    await build({
      entryPoints: [fileURLToPath(new URL('./child-entry.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile,
      logLevel: 'silent',
    })
    this.#runtimeEntry = outfile
    return outfile
  }

  /**
   * Compiles one exercise folder of a submission into build/<key>/<exerciseId>/ with inline source maps that
   * point at the student's own .ts files. Project packages resolve through a node_modules link at build/<key>.
   */
  async compileExercise(key: string, exerciseId: string, sourceDir: string): Promise<CompileProblem[]> {
    const root = this.buildRoot(key)
    const outDir = join(root, exerciseId)
    mkdirSync(outDir, { recursive: true })
    writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n')
    try {
      symlinkSync(projectNodeModules, join(root, 'node_modules'), 'dir')
    } catch {
      // already linked by an earlier exercise
    }
    const problems: CompileProblem[] = []
    for (const file of listSourceFiles(sourceDir)) {
      const from = join(sourceDir, file)
      const ext = extname(file)
      const to = join(
        outDir,
        compiled.has(ext) ? file.slice(0, -ext.length) + (ext === '.mts' ? '.mjs' : '.js') : file,
      )
      mkdirSync(dirname(to), { recursive: true })
      const source = readFileSync(from, 'utf8')
      if (copied.has(ext)) {
        writeFileSync(to, source)
        continue
      }
      try {
        const result = await transform(source, {
          loader: ext.endsWith('ts') ? 'ts' : 'js',
          format: 'esm',
          target: 'node20',
          sourcemap: 'inline',
          sourcefile: from,
          logLevel: 'silent',
        })
        writeFileSync(to, result.code)
      } catch (error) {
        const errors = (error as { errors?: { text: string; location?: { line: number; column: number } }[] })
          .errors
        const first = errors?.[0]
        problems.push({
          file: from,
          message: first
            ? `${from}:${first.location?.line ?? 0}:${first.location?.column ?? 0}: ${first.text}`
            : String(error),
        })
      }
    }
    return problems
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true })
  }
}
