import { build, stop } from 'esbuild'
import { lstatSync, mkdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  compiledExtensions as compiled,
  copiedExtensions as copied,
  listSourceFiles,
  readSubmissionFile,
} from '../util/source-files.js'
import { ownedTempDir } from '../util/abandoned.js'
import {
  defaultBuildLimits,
  releaseHost,
  takeHost,
  type BuildHost,
  type BuildLimits,
} from './build/build-hosts.js'

const projectRoot = fileURLToPath(new URL('../../', import.meta.url))
export const projectNodeModules = realpathSync(join(projectRoot, 'node_modules'))

export interface CompileProblem {
  file: string
  message: string
}

/** The largest source file the build compiles (the type check skips the same files). */
export const maxCompiledFileBytes = 1024 * 1024

const kb = (bytes: number): string => `${Math.round(bytes / 1024).toLocaleString('en-US')} KB`

const runtimeSource = fileURLToPath(new URL('./child-entry.ts', import.meta.url))
let runtimeBundle: Promise<string> | undefined

/**
 * The child entry bundled once per process (it is the grader's own code, not a student's). Should esbuild's service
 * have died since its last call, stop() lets the next call start a fresh one: one retry.
 */
function bundledRuntime(): Promise<string> {
  const bundle = async (): Promise<string> => {
    const result = await build({
      entryPoints: [runtimeSource],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      logLevel: 'silent',
    })
    return result.outputFiles[0]!.text
  }
  runtimeBundle ??= bundle().catch(async () => {
    await stop()
    return bundle()
  })
  runtimeBundle.catch(() => (runtimeBundle = undefined))
  return runtimeBundle
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

  /** The child entry: sandboxed children run plain JS (tsx cannot run under the permission model). */
  async runtimeEntry(): Promise<string> {
    if (this.#runtimeEntry) return this.#runtimeEntry
    const outfile = join(this.root, 'runtime', 'child-entry.mjs')
    const code = await bundledRuntime()
    mkdirSync(dirname(outfile), { recursive: true })
    writeFileSync(outfile, code)
    this.#runtimeEntry = outfile
    return outfile
  }

  /**
   * Compiles one exercise folder of a submission into build/<key>/<exerciseId>/ with inline source maps that
   * point at the student's own .ts files. Project packages resolve through a node_modules link at build/<key>.
   * esbuild runs bounded per file (build/build-hosts.ts); a file it cannot compile, that is too large, or on which
   * it crashes or runs over a limit, is a problem of that file, and the next file gets a fresh esbuild.
   */
  async compileExercise(
    key: string,
    exerciseId: string,
    sourceDir: string,
    limits: BuildLimits = defaultBuildLimits,
  ): Promise<CompileProblem[]> {
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
    let host: BuildHost | undefined
    try {
      for (const file of listSourceFiles(sourceDir)) {
        const from = join(sourceDir, file)
        const ext = extname(file)
        const to = join(
          outDir,
          compiled.has(ext) ? file.slice(0, -ext.length) + (ext === '.mts' ? '.mjs' : '.js') : file,
        )
        mkdirSync(dirname(to), { recursive: true })
        const size = lstatSync(from).size
        if (size > maxCompiledFileBytes) {
          problems.push({
            file: from,
            message: `${from}: ${kb(size)}, over the ${kb(maxCompiledFileBytes)} a source file may have: not compiled. Keep source files small.`,
          })
          continue
        }
        let source: string
        try {
          source = readSubmissionFile(from, join(exerciseId, file), maxCompiledFileBytes).toString('utf8')
        } catch (error) {
          problems.push({ file: from, message: `${from}: ${(error as Error).message}` })
          continue
        }
        if (copied.has(ext)) {
          writeFileSync(to, source)
          continue
        }
        if (!host || host.dead) host = takeHost()
        const outcome = await host.transform(
          { source, sourcefile: from, loader: ext.endsWith('ts') ? 'ts' : 'js' },
          limits,
        )
        if ('code' in outcome) writeFileSync(to, outcome.code)
        else {
          // esbuild's own errors start with the file and position; a failure of the build on the file says which.
          const named = outcome.problem.startsWith(`${from}:`)
          problems.push({ file: from, message: named ? outcome.problem : `${from}: ${outcome.problem}` })
        }
      }
    } finally {
      if (host) releaseHost(host)
    }
    return problems
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true })
  }
}
