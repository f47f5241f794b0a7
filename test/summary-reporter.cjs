// mocha's spec reporter plus one plain closing line, "N passed, N failed", that CI records as the test count.
const { Spec } = require('mocha').reporters
const { EVENT_RUN_END } = require('mocha').Runner.constants

class SpecWithSummary extends Spec {
  constructor(runner, options) {
    super(runner, options)
    runner.once(EVENT_RUN_END, () => {
      const { passes, failures, pending } = runner.stats ?? this.stats
      process.stdout.write(`\n${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}\n`)
    })
  }
}

module.exports = SpecWithSummary
