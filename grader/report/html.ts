import Handlebars from 'handlebars'
import { compileReportTemplate } from './templates.js'
import type {
  CheckResult,
  Dashboard,
  ExerciseBench,
  ExerciseGrade,
  RatioEstimate,
  Strategy,
  StrategyTiming,
  SubmissionGrade,
  Verdict,
} from '../types.js'
import { formatMs, latencyChart, ratioChart, speedupChart } from './charts.js'
import { dashboardChart } from './dashboard-charts.js'

const templates = new URL('./templates/', import.meta.url)
const strategyOrder: readonly Strategy[] = ['sequential', 'parallel', 'concurrent']
const verdictText: Record<Verdict, string> = {
  faster: 'faster',
  equal: 'equal',
  slower: 'slower',
  inconclusive: 'inconclusive',
  'not-measurable': 'not measurable',
}

let compiled: Handlebars.TemplateDelegate | undefined

/** Compiles report.hbs once, with every other .hbs in the folder as a partial named after its file. */
function template(): Handlebars.TemplateDelegate {
  compiled ??= compileReportTemplate(templates)
  return compiled
}

const points = (value: number): string => (Math.round(value * 100) / 100).toString()
const percent = (score: number, max: number): number => (max > 0 ? Math.round((score / max) * 1000) / 10 : 0)
const interval = (r: RatioEstimate): string =>
  `${r.median.toFixed(2)}× [${r.low.toFixed(2)}–${r.high.toFixed(2)}] · ${Math.round(r.confidence * 100)}%, ${r.rounds} rounds`
const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 })

function checkView(check: CheckResult) {
  return {
    name: check.kind === 'quiz' ? check.name.replace(/^quiz:\s*/, '') : check.name,
    strategy: check.strategy,
    passed: check.status === 'passed',
    status: check.status,
    points: points(check.points),
    maxPoints: points(check.maxPoints),
    hidden: check.visibility === 'after_published',
    message: check.message,
    hint: check.hint,
    stderrTail: check.stderrTail,
    verdict: check.verdict,
    verdictText: check.verdict ? verdictText[check.verdict] : undefined,
    ratio: check.ratio ? interval(check.ratio) : undefined,
    detail: [check.message, check.hint, check.stderrTail].some(Boolean),
  }
}

function timingView(timing: StrategyTiming) {
  const latency = timing.state === 'completed' ? timing.latencyMs : undefined
  return {
    strategy: timing.strategy,
    side: timing.origin === 'student' ? 'yours' : 'reference',
    student: timing.origin === 'student',
    completed: latency !== undefined,
    state: timing.state,
    reason: timing.reason,
    mean: latency && formatMs(latency.mean),
    p50: latency && formatMs(latency.p50),
    p75: latency && formatMs(latency.p75),
    p99: latency && formatMs(latency.p99),
    rme: latency && `±${latency.rme.toFixed(1)}`,
    samples: latency?.samples,
    itemsPerSecond: timing.itemsPerSecond === undefined ? '–' : compact.format(timing.itemsPerSecond),
    cpuPerWall: timing.cpuPerWall === undefined ? '–' : timing.cpuPerWall.toFixed(2),
    speedup: timing.speedup ? `${timing.speedup.median.toFixed(2)}×` : '–',
    speedupInterval: timing.speedup && `${timing.speedup.low.toFixed(2)}–${timing.speedup.high.toFixed(2)}`,
  }
}

function benchView(bench: ExerciseBench) {
  const rank = (t: StrategyTiming): number =>
    strategyOrder.indexOf(t.strategy) * 2 + (t.origin === 'student' ? 0 : 1)
  const chart = (svg: string) => (svg ? new Handlebars.SafeString(svg) : undefined)
  return {
    size: bench.size,
    itemsPerCall: bench.itemsPerCall.toLocaleString('en'),
    itemLabel: bench.itemLabel,
    callsPerSample: bench.callsPerSample,
    rounds: bench.rounds,
    cores: bench.cores,
    timings: [...bench.timings].sort((a, b) => rank(a) - rank(b)).map(timingView),
    notes: bench.notes,
    charts: {
      latency: chart(latencyChart(bench)),
      ratio: chart(ratioChart(bench)),
      speedup: chart(speedupChart(bench)),
    },
  }
}

function dashboardView(dashboard: Dashboard) {
  return {
    source: dashboard.source,
    panels: dashboard.panels.map((panel) => ({
      title: panel.title,
      unit: panel.unit,
      note: panel.note,
      empty: panel.data.length === 0,
      svg: new Handlebars.SafeString(dashboardChart(panel)),
    })),
  }
}

function exerciseView(exercise: ExerciseGrade) {
  const of = (kind: CheckResult['kind']) => exercise.checks.filter((c) => c.kind === kind).map(checkView)
  const failed = exercise.checks.filter((c) => c.status === 'failed').length
  return {
    id: exercise.exerciseId,
    title: exercise.title,
    score: points(exercise.score),
    maxScore: points(exercise.maxScore),
    percent: percent(exercise.score, exercise.maxScore),
    passed: exercise.checks.length - failed,
    failed,
    total: exercise.checks.length,
    correctness: of('correctness'),
    speed: of('speed'),
    quiz: of('quiz'),
    typeWarnings: exercise.typeWarnings,
    typeWarningsLabel: `${exercise.typeWarnings.length} TypeScript warning${exercise.typeWarnings.length === 1 ? '' : 's'}`,
    dashboard: exercise.dashboard && dashboardView(exercise.dashboard),
    bench: exercise.bench && benchView(exercise.bench),
  }
}

/** The self-contained HTML report of one submission: inline CSS and SVG, no scripts, nothing fetched. */
export function renderHtmlReport(grade: SubmissionGrade): string {
  return template()({
    student: grade.student,
    pseudonym: grade.pseudonym,
    demo: grade.origin === 'reference',
    score: points(grade.score),
    maxScore: points(grade.maxScore),
    percent: percent(grade.score, grade.maxScore),
    startedAt: grade.startedAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC'),
    duration: `${(grade.durationMs / 1000).toFixed(1)} s`,
    bench: grade.bench,
    exercises: grade.exercises.map(exerciseView),
    machine: {
      ...grade.machine,
      loadAverage: grade.machine.loadAverage.map((l) => l.toFixed(2)).join(' · '),
    },
    seed: grade.seed,
    size: grade.size,
    sandbox: grade.sandbox,
    graderVersion: grade.graderVersion,
    submissionHash: grade.submissionHash,
    submissionDir: grade.submissionDir,
    regradeCommand: grade.regradeCommand,
  })
}
