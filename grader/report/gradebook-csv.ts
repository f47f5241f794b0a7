import type { ClassRun } from '../types.js'

/**
 * RFC 4180 quoting, and a leading ' for values a spreadsheet would run as a formula (CONTRACT.md §6): those that
 * start with = + - @, or with a tab or a carriage return (which some spreadsheets skip before reading a formula).
 */
export function csvCell(value: string | number): string {
  let text = String(value)
  if (/^[=+\-@\t\r]/.test(text) && !(typeof value === 'number')) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** student,total,max,<one column per exercise, in points>,status,reason */
export function renderGradebook(run: ClassRun): string {
  const header = ['student', 'total', 'max', ...run.exercises, 'status', 'reason']
  const rows = run.students.map((row) => [
    row.student,
    row.score,
    row.maxScore,
    ...run.exercises.map((id) => row.exercises.find((e) => e.exerciseId === id)?.score ?? 0),
    row.status,
    row.reason ?? '',
  ])
  return [header, ...rows].map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n'
}
