import Handlebars from 'handlebars'
import { sep } from 'node:path'
import { compileReportTemplate } from './templates.js'
import type { ClassRun, ExerciseId, Strategy, StudentRow, StudentStatus } from '../types.js'
import type { Layout, StripRow } from './class-charts.js'
import {
  formatTimes,
  quantile,
  ratioDistribution,
  scoreHistogram,
  speedupDistribution,
} from './class-charts.js'

const templates = new URL('./templates/class/', import.meta.url)
const strategyOrder: readonly Strategy[] = ['sequential', 'parallel', 'concurrent']
const statusText: Record<StudentStatus, string> = {
  graded: 'graded',
  'timed-out': 'timed out',
  crashed: 'crashed',
  unreadable: 'unreadable',
}
const leaderboardSize = 10

let compiled: Handlebars.TemplateDelegate | undefined

/** Compiles class/report.hbs once, with the single-student report's styles and every other class/*.hbs as partials. */
function template(): Handlebars.TemplateDelegate {
  compiled ??= compileReportTemplate(templates, { 'base-styles': new URL('../styles.hbs', templates) })
  return compiled
}

const points = (value: number): string => (Math.round(value * 100) / 100).toString()
const percentOf = (score: number, max: number): number => (max > 0 ? (score / max) * 100 : 0)
const percentText = (value: number): string => `${Math.round(value * 10) / 10}%`
const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / (values.length || 1)
const byId = (a: StudentRow, b: StudentRow): number => a.student.localeCompare(b.student, 'en')

/** Both layouts of a chart, one after the other (the page's CSS shows one), or undefined when there is none. */
function chart(draw: (layout: Layout) => string): Handlebars.SafeString | undefined {
  const wide = draw('wide')
  return wide ? new Handlebars.SafeString(`${wide}\n${draw('narrow')}`) : undefined
}

/**
 * A student's report path (relative to the class report, in the machine's separators) as a link relative to the
 * class report: every segment URL-encoded (spaces, letters beyond ASCII, #, ?), empty ones dropped so it can never
 * be absolute; split on \ only where it separates (Windows): on POSIX it is a letter of a student's folder name.
 */
export function reportHref(path: string | undefined, separator: string = sep): string | undefined {
  if (!path) return undefined
  const segments = path.split(separator === '\\' ? /[\\/]/ : '/').filter((s) => s !== '' && s !== '.')
  return segments.length > 0 ? segments.map(encodeURIComponent).join('/') : undefined
}

function summaryView(run: ClassRun, graded: StudentRow[]) {
  const percents = graded.map((s) => percentOf(s.score, s.maxScore))
  const maxima = new Set(graded.map((s) => s.maxScore))
  const [max] = maxima
  const meanPoints = mean(graded.map((s) => s.score))
  const others = (Object.keys(statusText) as StudentStatus[])
    .filter((status) => status !== 'graded')
    .map((status) => ({ status, count: run.students.filter((s) => s.status === status).length }))
    .filter(({ count }) => count > 0)
  return {
    size: run.students.length,
    graded: graded.length,
    notGraded: run.students.length - graded.length,
    notGradedDetail: others.map(({ status, count }) => `${count} ${statusText[status]}`).join(' · '),
    mean: graded.length > 0 ? percentText(mean(percents)) : '–',
    median: graded.length > 0 ? percentText(quantile(percents, 0.5)) : '–',
    meanPoints:
      graded.length > 0 && maxima.size === 1 && max !== undefined
        ? `${points(meanPoints)} / ${points(max)}`
        : undefined,
  }
}

function exerciseViews(run: ClassRun, graded: StudentRow[]) {
  return run.exercises.map((exerciseId) => {
    const scores = graded.flatMap((s) => s.exercises.filter((e) => e.exerciseId === exerciseId))
    const percents = scores.map((e) => percentOf(e.score, e.maxScore))
    const checks = graded.flatMap((s) => s.checks.filter((c) => c.exerciseId === exerciseId))
    const passed = checks.filter((c) => c.status === 'passed').length
    const maxScore = Math.max(0, ...scores.map((e) => e.maxScore))
    const full = scores.filter((e) => e.maxScore > 0 && e.score >= e.maxScore).length
    const meanPercent = mean(percents)
    return {
      id: exerciseId,
      meanScore:
        scores.length > 0 ? `${points(mean(scores.map((e) => e.score)))} / ${points(maxScore)}` : '–',
      meanPercent: Math.round(meanPercent * 10) / 10,
      median: scores.length > 0 ? percentText(quantile(percents, 0.5)) : '–',
      fullMarks: `${full} / ${scores.length}`,
      checkRate: checks.length > 0 ? percentText((passed / checks.length) * 100) : '–',
      checks: `${passed} / ${checks.length}`,
    }
  })
}

function checkViews(run: ClassRun, graded: StudentRow[]) {
  const groups = new Map<
    string,
    { exerciseId: ExerciseId; strategy: string; name: string; kind: string; passed: number; total: number }
  >()
  for (const check of graded.flatMap((s) => s.checks)) {
    const key = [check.exerciseId, check.strategy, check.checkId].join('\u0000')
    const { exerciseId, strategy, name, kind } = check
    const group = groups.get(key) ?? { exerciseId, strategy, name, kind, passed: 0, total: 0 }
    group.total++
    if (check.status === 'passed') group.passed++
    groups.set(key, group)
  }
  const exerciseRank = (id: ExerciseId): number => run.exercises.indexOf(id)
  const rows = [...groups.values()]
    .map((g) => ({ ...g, rate: g.total > 0 ? g.passed / g.total : 0 }))
    .sort(
      (a, b) =>
        a.rate - b.rate ||
        b.total - a.total ||
        exerciseRank(a.exerciseId) - exerciseRank(b.exerciseId) ||
        a.strategy.localeCompare(b.strategy) ||
        a.name.localeCompare(b.name),
    )
    .map((g) => ({
      exerciseId: g.exerciseId,
      strategy: g.strategy,
      name: g.kind === 'quiz' ? g.name.replace(/^quiz:\s*/, '') : g.name,
      kindLabel: g.kind === 'correctness' ? undefined : g.kind,
      counts: `${g.passed} / ${g.total}`,
      failed: g.total - g.passed,
      percent: Math.round(g.rate * 1000) / 10,
      level: g.rate < 0.5 ? 'low' : g.rate < 0.8 ? 'mid' : 'high',
    }))
  return { failing: rows.filter((r) => r.failed > 0), allPassed: rows.filter((r) => r.failed === 0) }
}

function strategiesOf(graded: StudentRow[], exerciseId: ExerciseId): Strategy[] {
  const present = new Set(
    graded.flatMap((s) => s.speed.filter((p) => p.exerciseId === exerciseId)).map((p) => p.strategy),
  )
  return strategyOrder.filter((s) => present.has(s))
}

/** The median and the middle half of some ratios: "1.84× (1.60–1.92×)". */
function spread(values: number[]): string {
  if (values.length === 0) return '–'
  const [q1, median, q3] = [0.25, 0.5, 0.75].map((q) => quantile(values, q).toFixed(2))
  return values.length < 4 ? `${median}×` : `${median}× (${q1}–${q3}×)`
}

const defined = (values: (number | undefined)[]): number[] => values.filter((v) => v !== undefined)

function speedViews(run: ClassRun, graded: StudentRow[]) {
  return run.exercises.flatMap((exerciseId) => {
    const rows = strategiesOf(graded, exerciseId).map((strategy) => {
      const entries = graded.flatMap((s) =>
        s.speed
          .filter((p) => p.exerciseId === exerciseId && p.strategy === strategy)
          .map((p) => ({ ...p, pseudonym: s.pseudonym })),
      )
      const references = defined(entries.map((e) => e.referenceSpeedup))
      return { strategy, entries, reference: references.length > 0 ? quantile(references, 0.5) : undefined }
    })
    if (rows.length === 0) return []
    const strip = (key: 'speedup' | 'ratioToReference', list: typeof rows): StripRow[] =>
      list.map((row) => ({
        label: row.strategy,
        values: row.entries.flatMap((e) => {
          const value = e[key]
          return value === undefined ? [] : [{ value, title: `${e.pseudonym}: ${formatTimes(value)}` }]
        }),
        ...(key === 'speedup' && row.reference !== undefined ? { marker: row.reference } : {}),
      }))
    // Sequential is every side's baseline: its speed-up is 1× by definition.
    const parallelRows = rows.filter((row) => row.strategy !== 'sequential')
    return [
      {
        id: exerciseId,
        speedup: chart((layout) => speedupDistribution(exerciseId, strip('speedup', parallelRows), layout)),
        ratio: chart((layout) => ratioDistribution(exerciseId, strip('ratioToReference', rows), layout)),
        table: rows.map((row) => {
          const ratios = defined(row.entries.map((e) => e.ratioToReference))
          const sequential = row.strategy === 'sequential'
          return {
            strategy: row.strategy,
            timed: `${ratios.length} / ${graded.length}`,
            ratio: spread(ratios),
            faster: `${ratios.filter((r) => r < 1).length}`,
            speedup: sequential ? '1× (baseline)' : spread(defined(row.entries.map((e) => e.speedup))),
            reference: sequential ? '1×' : row.reference === undefined ? '–' : formatTimes(row.reference),
          }
        }),
      },
    ]
  })
}

function leaderboards(run: ClassRun, graded: StudentRow[]) {
  return run.exercises.flatMap((exerciseId) =>
    strategiesOf(graded, exerciseId).flatMap((strategy) => {
      const entries = graded
        .flatMap((s) =>
          s.speed
            .filter(
              (p) =>
                p.exerciseId === exerciseId && p.strategy === strategy && p.ratioToReference !== undefined,
            )
            .map((p) => ({ pseudonym: s.pseudonym, ratio: p.ratioToReference ?? NaN, speedup: p.speedup })),
        )
        .sort((a, b) => a.ratio - b.ratio || a.pseudonym.localeCompare(b.pseudonym))
      if (entries.length === 0) return []
      return [
        {
          exerciseId,
          strategy,
          of: entries.length,
          rows: entries.slice(0, leaderboardSize).map((e, i) => ({
            rank: i + 1,
            pseudonym: e.pseudonym,
            ratio: formatTimes(e.ratio),
            faster: e.ratio < 1,
            speedup: strategy === 'sequential' || e.speedup === undefined ? '–' : formatTimes(e.speedup),
          })),
        },
      ]
    }),
  )
}

function studentView(run: ClassRun, student: StudentRow) {
  return {
    student: student.student,
    href: reportHref(student.reportPath),
    status: student.status,
    statusText: statusText[student.status],
    graded: student.status === 'graded',
    reason: student.reason,
    score: `${points(student.score)} / ${points(student.maxScore)}`,
    percent: percentText(percentOf(student.score, student.maxScore)),
    exercises: run.exercises.map((id) => {
      const exercise = student.exercises.find((e) => e.exerciseId === id)
      return exercise ? `${points(exercise.score)} / ${points(exercise.maxScore)}` : '–'
    }),
    duration: `${(student.durationMs / 1000).toFixed(1)} s`,
    shard: student.shard ?? '–',
  }
}

function machineViews(run: ClassRun) {
  return run.machines.map(({ shard, machine }) => ({
    shard: shard ?? '–',
    students:
      shard === undefined ? run.students.length : run.students.filter((s) => s.shard === shard).length,
    ...machine,
    loadAverage: machine.loadAverage.map((l) => l.toFixed(2)).join(' · '),
  }))
}

/** The self-contained HTML report of a class run: inline CSS and SVG, no scripts, nothing fetched. */
export function renderClassReport(run: ClassRun): string {
  const graded = run.students.filter((s) => s.status === 'graded')
  const students = [...run.students].sort(byId)
  const notGraded = students.filter((s) => s.status !== 'graded').map((s) => studentView(run, s))
  const matches = students.flatMap((s) =>
    (s.referenceMatches ?? []).map((m) => ({
      ...studentView(run, s),
      exerciseId: m.exerciseId,
      similarity: percentText(m.similarity * 100),
    })),
  )
  const machines = machineViews(run)
  const scores = run.students.map((s) => ({
    percent: percentOf(s.score, s.maxScore),
    graded: s.status === 'graded',
  }))
  return template()({
    summary: summaryView(run, graded),
    startedAt: run.startedAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC'),
    duration: `${(run.durationMs / 1000).toFixed(1)} s`,
    seed: run.seed,
    size: run.size,
    bench: run.bench,
    graderVersion: run.graderVersion,
    secretFingerprint: run.secretFingerprint,
    exerciseIds: run.exercises,
    histogram: chart((layout) => scoreHistogram(scores, layout)),
    exercises: exerciseViews(run, graded),
    checks: checkViews(run, graded),
    speed: run.bench ? speedViews(run, graded) : [],
    leaderboards: run.bench ? leaderboards(run, graded) : [],
    notGraded,
    matches,
    students: students.map((s) => studentView(run, s)),
    sharded: run.students.some((s) => s.shard !== undefined),
    machines,
    machine: machines.length === 1 ? machines[0] : undefined,
  })
}
