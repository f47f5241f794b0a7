import { join } from 'node:path'
import { GradingError } from '../errors.js'
import type { ClassRun } from '../types.js'
import { renderClassReport } from './class-report.js'
import { renderGradebook } from './gradebook-csv.js'
import { writeAtomically } from './write.js'

/** OUT/index.html (the class report) and OUT/gradebook.csv; a failed write is the run's failure (exit 1). */
export function writeClassReports(run: ClassRun, outDir: string): { html: string; gradebook: string } {
  const html = renderClassReport(run)
  const paths = { html: join(outDir, 'index.html'), gradebook: join(outDir, 'gradebook.csv') }
  try {
    writeAtomically(paths.gradebook, renderGradebook(run))
    writeAtomically(paths.html, html)
  } catch (error) {
    throw new GradingError(
      `could not write the class reports to ${outDir}: ${(error as Error).message}. Choose a writable folder with --out DIR.`,
      { cause: error },
    )
  }
  return paths
}
