// Imported first by grader/cli.ts: on a setup the grader does not support it says so in one line and exits before
// any other module of the grader is evaluated (a stack trace from deep inside would say nothing useful).
import { unsupportedSetup } from './supported.js'

const problem = unsupportedSetup()
if (problem) {
  console.error(`parlab: ${problem}`)
  process.exit(1)
}
