import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { supportedNode, unsupportedSetup } from '../../grader/platform/supported.js'

/** npm run grade -- --demo --only sum --no-bench, through tsx, with these arguments for node before the CLI. */
function grade(nodeArgs: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', ...nodeArgs, '--demo', '--only', 'sum', '--no-bench', '--out', '/nonexistent/never'],
    { encoding: 'utf8', env: { ...process.env, CI: '1' }, timeout: 60_000 },
  )
  return { status: run.status, stdout: run.stdout, stderr: run.stderr }
}

describe('an unsupported setup', function () {
  this.timeout(120_000)

  it("is Node outside package.json's engines, or a system other than Linux, macOS and Windows", () => {
    const engines = (JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } })
      .engines
    expect(supportedNode).to.equal(engines.node)
    for (const version of ['20.19.0', '20.20.2', '22.12.0', '23.1.0', '24.0.0'])
      expect(unsupportedSetup(version, 'linux'), version).to.equal(undefined)
    for (const version of ['18.19.0', '20.18.3', '21.7.3', '22.11.0'])
      expect(unsupportedSetup(version, 'linux'), version).to.include(`this grader needs Node ${engines.node}`)
    for (const platform of ['linux', 'darwin', 'win32'] as const)
      expect(unsupportedSetup('20.19.0', platform), platform).to.equal(undefined)
    expect(unsupportedSetup('20.19.0', 'freebsd')).to.equal(
      'this grader runs on Linux, macOS and Windows (WSL 2 there for every guarantee), not on freebsd',
    )
  })

  it('stops the grader with one line and exit status 1, never a stack trace', () => {
    const old = grade(['--require', './test/fixtures/preload/old-node.cjs', 'grader/cli.ts'])
    expect(old.status).to.equal(1)
    expect(old.stdout).to.equal('')
    expect(old.stderr).to.equal(
      `parlab: this grader needs Node ${supportedNode}, and this is Node 18.19.0: install a newer Node (https://nodejs.org) and run it again\n`,
    )
    const bsd = grade(['test/fixtures/preload/as-freebsd.mts'])
    expect(bsd.status).to.equal(1)
    expect(bsd.stderr).to.equal(
      'parlab: this grader runs on Linux, macOS and Windows (WSL 2 there for every guarantee), not on freebsd\n',
    )
  })
})
