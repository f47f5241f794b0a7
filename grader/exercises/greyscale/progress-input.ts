// Options whose onProgress writes each call to a log in the scratch folder, for the grader to read afterwards:
// the 'progress-callback' argument can only be passed on its own, not inside an options object.
// Runs in the sandboxed child: Node's own modules only.
import { appendFileSync, mkdirSync, rmSync } from 'node:fs'
import { dirname, resolve } from 'node:path'

export interface ProgressOptions {
  /** The log, relative to the scratch folder. */
  log: string
  options?: Record<string, unknown>
}

export function buildProgressOptions(spec: ProgressOptions, base = process.cwd()): Record<string, unknown> {
  const log = resolve(base, spec.log)
  rmSync(log, { force: true })
  mkdirSync(dirname(log), { recursive: true })
  return {
    ...spec.options,
    onProgress: (done: unknown, total: unknown) => appendFileSync(log, `${String(done)} ${String(total)}\n`),
  }
}
