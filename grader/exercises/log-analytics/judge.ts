// Judges a returned report against the expected one: which sections differ, and why (the course's mistakes).
import type { SecurityReport } from '../../../solutions/log-analytics/types.js'
import type { Judgement } from '../definition.js'
import { differences, sections, type Section } from './compare.js'
import { hintsFor, type HintContext } from './hints.js'

export function judgeReport(
  received: unknown,
  expected: SecurityReport,
  ctx: HintContext,
  only: readonly Section[] = sections,
): Judgement {
  const report = received as SecurityReport
  const wrong = differences(expected, report, only)
  if (wrong.length === 0) return { passed: true }
  const hints = hintsFor(report, expected, ctx)
  return {
    passed: false,
    message: wrong.join('\n'),
    ...(hints.length > 0 ? { hint: hints.join('\n') } : {}),
  }
}
