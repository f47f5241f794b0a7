// Judges a returned report against the expected one: which fields differ, and why (the classic mistakes).
import type { LogReport } from '../../../solutions/access-logs/types.js'
import type { Judgement } from '../definition.js'
import { differences } from './compare.js'
import { hintsFor, type HintContext } from './hints.js'

export function judgeReport(received: unknown, expected: LogReport, ctx: HintContext): Judgement {
  const report = received as LogReport
  const wrong = differences(expected, report)
  if (wrong.length === 0) return { passed: true }
  const hints = hintsFor(report, expected, ctx)
  return {
    passed: false,
    message: wrong.join('\n'),
    ...(hints.length > 0 ? { hint: hints.join('\n') } : {}),
  }
}
