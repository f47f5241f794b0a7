import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { GradingError } from '../errors.js'
import type { SubmissionGrade } from '../types.js'
import { renderHtmlReport } from './html.js'
import { liveStamp, liveStampFile, withLiveReload } from './live-reload.js'
import { toResultsJson, validateResultsJson } from './results-json.js'

export function writeAtomically(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true })
  const temporary = `${path}.${process.pid}.tmp`
  writeFileSync(temporary, content)
  renameSync(temporary, path)
}

export function writeJsonAtomically(path: string, value: unknown): void {
  writeAtomically(path, `${JSON.stringify(value, null, 2)}\n`)
}

/**
 * Writes OUT/results.json (validated first) and OUT/index.html; a failed write is the run's failure (exit 1). `live`
 * (watch mode): the page reloads itself when a later run writes a new report.
 */
export function writeSubmissionReports(
  grade: SubmissionGrade,
  outDir: string,
  options: { live?: boolean } = {},
): Promise<{ results: string; html: string }> {
  const results = toResultsJson(grade)
  validateResultsJson(results)
  const html = options.live ? withLiveReload(renderHtmlReport(grade)) : renderHtmlReport(grade)
  const paths = { results: join(outDir, 'results.json'), html: join(outDir, 'index.html') }
  try {
    mkdirSync(outDir, { recursive: true })
    writeAtomically(paths.results, `${JSON.stringify(results, null, 2)}\n`)
    writeAtomically(paths.html, html)
    if (options.live)
      writeAtomically(join(outDir, liveStampFile), liveStamp(`${grade.startedAt} ${grade.durationMs}`))
  } catch (error) {
    throw new GradingError(
      `could not write the reports to ${outDir}: ${(error as Error).message}. Choose a writable folder with --out DIR.`,
      { cause: error },
    )
  }
  return Promise.resolve(paths)
}
