// mocha's settings. `.only` is never allowed. With CI set (GitHub Actions sets it, .ci/run too), a pending or skipped
// test fails the run: CI installs every tool the tests use (.ci/run: Chromium, bubblewrap, python3 with Pillow,
// shellcheck), and its machine must let bubblewrap run and have /dev/shm in memory with 1 GB free, so a skip there
// means something went missing. Elsewhere a test whose tool is missing skips and names it in its title
// (test/helpers.ts: skipBecause).
const ci = !['', '0', 'false'].includes(process.env.CI ?? '')

module.exports = {
  spec: ['test/**/*.test.ts'],
  'node-option': ['import=tsx'],
  timeout: 60000,
  reporter: './test/summary-reporter.cjs',
  'forbid-only': true,
  'forbid-pending': ci,
}
