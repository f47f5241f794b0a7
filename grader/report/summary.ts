import type { Writable } from 'node:stream'
import type { ClassRun, SubmissionGrade } from '../types.js'
import { relative } from 'node:path'
import { median } from '../util/stats.js'
import { terminalLine } from './terminal.js'

const pad = (text: string, width: number): string => text.padEnd(width)
const shown = (path: string): string =>
  relative(process.cwd(), path).startsWith('..') ? path : relative(process.cwd(), path)

/**
 * The terminal summary after a run: one line per exercise and strategy, then the total and where the reports are;
 * stripped of control characters like everything printed from a submission.
 */
export function printSummary(
  out: Writable,
  grade: SubmissionGrade,
  written: { results: string; html: string },
): void {
  const lines: string[] = ['']
  for (const exercise of grade.exercises) {
    lines.push(`${exercise.title} (${exercise.exerciseId}): ${exercise.score} / ${exercise.maxScore}`)
    const groups = new Map<string, typeof exercise.checks>()
    for (const check of exercise.checks) {
      const key =
        check.kind === 'quiz' ? 'quiz' : `${check.strategy}${check.kind === 'speed' ? ' (speed)' : ''}`
      groups.set(key, [...(groups.get(key) ?? []), check])
    }
    for (const [key, checks] of groups) {
      const passed = checks.filter((c) => c.status === 'passed').length
      const points = checks.reduce((a, c) => a + c.points, 0)
      const max = checks.reduce((a, c) => a + c.maxPoints, 0)
      const failed = checks
        .filter((c) => c.status === 'failed')
        .map((c) => (c.verdict ? `${c.name}: ${c.verdict}` : c.name))
      const shown = failed.slice(0, 2).join('; ') + (failed.length > 2 ? `; +${failed.length - 2} more` : '')
      lines.push(
        `  ${pad(key, 22)} ${pad(`${passed}/${checks.length} passed`, 14)} ${pad(`${Math.round(points * 100) / 100}/${max} pts`, 12)} ${shown}`,
      )
    }
  }
  // What this run could not guarantee or measure (no bubblewrap, no process listing, no pause), as the report says.
  if (grade.sandbox.dropped.length > 0)
    lines.push('', 'Not guaranteed in this run:', ...grade.sandbox.dropped.map((line) => `  - ${line}`))
  lines.push('', `Score: ${grade.score} / ${grade.maxScore}`)
  lines.push(`Report: ${shown(written.html)}   results.json: ${shown(written.results)}`, '')
  out.write(lines.map(terminalLine).join('\n'))
}

/** After a batch or a merge: the class in numbers, what changed since the previous run, where the files are. */
export function printClassSummary(
  out: Writable,
  result: { run: ClassRun; changes: string[]; resumed: number; benchMsPerSubmission?: number },
  paths: { html: string; gradebook: string },
): void {
  const { students } = result.run
  const graded = students.filter((s) => s.status === 'graded')
  const scores = graded.map((s) => (s.maxScore > 0 ? s.score / s.maxScore : 0))
  const middle = scores.length > 0 ? median(scores) : 0
  const lines = [
    '',
    `${students.length} students: ${graded.length} graded${result.resumed ? ` (${result.resumed} unchanged, kept from the previous run)` : ''}, ${students.length - graded.length} not graded`,
    ...students
      .filter((s) => s.status !== 'graded')
      .map((s) => `  ${s.student}: ${s.status}: ${s.reason ?? ''}`),
    `median score: ${Math.round(middle * 100)}%; took ${(result.run.durationMs / 1000).toFixed(1)} s`,
  ]
  if (result.benchMsPerSubmission !== undefined) {
    lines.push(
      `benchmarks: ${(result.benchMsPerSubmission / 1000).toFixed(1)} s per submission, one at a time`,
    )
  }
  if (result.changes.length > 0)
    lines.push('score changes since the previous run:', ...result.changes.map((c) => `  ${c}`))
  lines.push(`Class report: ${shown(paths.html)}   gradebook: ${shown(paths.gradebook)}`, '')
  // Ids, reasons and changes come from submissions: one line each, no escape sequences or control characters.
  out.write(lines.map(terminalLine).join('\n'))
}
