// mocha's settings. `.only` is never allowed. With PARLAB_NO_SKIPS set (.ci/run, and the Linux jobs of
// .github/workflows/ci.yml), a pending or skipped test fails the run: those install every tool the tests use
// (Chromium, bubblewrap, python3 with Pillow, shellcheck), and their machine must let bubblewrap run and have /dev/shm
// in memory with 1 GB free, so a skip there means something went missing. Elsewhere (a laptop, macOS and Windows
// runners) a test whose tool or system is missing skips and names it in its title (test/helpers.ts: skipBecause).
const ci = !['', '0', 'false'].includes(process.env.PARLAB_NO_SKIPS ?? '')

module.exports = {
  spec: ['test/**/*.test.ts'],
  'node-option': ['import=tsx'],
  timeout: 60000,
  reporter: './test/summary-reporter.cjs',
  'forbid-only': true,
  'forbid-pending': ci,
}
