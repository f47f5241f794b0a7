import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { regradeCommand } from '../../grader/pipeline.js'
import { shellQuote } from '../../grader/report/shell.js'
import type { GradeOptions } from '../../grader/types.js'

const options: GradeOptions = {
  exercises: ['sum', 'access-logs'],
  size: 'tiny',
  quick: true,
  bench: false,
  seed: 7,
  dataSeed: 7,
  sandbox: 'auto',
  outDir: '/tmp/out',
  submissionDir: '/tmp/x',
  demo: false,
  data: {},
}

const hostileNames = [
  'x$(touch PWNED)',
  'x`touch PWNED`',
  "it's; touch PWNED",
  'two words "quoted" \\ back',
  'new\nline; touch PWNED',
  '~/home *.glob ?[a]',
  '=equals',
  "'",
  '',
]

/**
 * Runs the command in `shell` inside a fresh folder, with npm replaced by a function that prints its arguments
 * (NUL-separated), and returns them; the folder must stay empty.
 */
function argumentsOf(command: string, shell: string): string[] {
  const cwd = mkdtempSync(join(tmpdir(), 'parlab-shell-'))
  const script = `npm() { printf '%s\\0' "$@"; }\n${command}\n`
  // stdin ignored: bash takes a socket on stdin for rshd's and reads ~/.bashrc.
  const run = spawnSync(shell, ['-c', script], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  expect(run.status, run.stderr).to.equal(0)
  expect(existsSync(join(cwd, 'PWNED')), `${shell} ran part of: ${command}`).to.equal(false)
  return run.stdout.split('\0').slice(0, -1)
}

const shells = ['sh', 'bash', 'dash', 'zsh'].filter((shell) => spawnSync(shell, ['-c', 'true']).status === 0)

describe('the regrade command in reports', () => {
  for (const shell of shells) {
    it(`runs nothing but npm, with every argument as written, when pasted into ${shell}`, () => {
      for (const name of hostileNames) {
        const submission = `/class/${name}.zip`
        const out = `/reports/students/${name}`
        const data = `/logs/${name}`
        const command = regradeCommand(
          { ...options, data: { 'access-logs': data } },
          ['--submission', submission],
          out,
        )
        expect(argumentsOf(command, shell)).to.deep.equal([
          'run',
          'grade',
          '--',
          '--submission',
          submission,
          '--only',
          'sum,access-logs',
          '--seed',
          '7',
          '--size',
          'tiny',
          '--quick',
          '--no-bench',
          '--data',
          `access-logs=${data}`,
          '--out',
          out,
        ])
      }
    })
  }

  it('refers to the secret by its variable, and that still round-trips', () => {
    const command = regradeCommand({ ...options, secretFingerprint: '0123456789ab' }, ['--demo'])
    expect(command).to.match(/^PARLAB_SECRET="\$PARLAB_SECRET" npm run grade -- --demo /)
    expect(argumentsOf(command, 'sh')).to.include('--demo')
  })

  it('leaves plain words bare and quotes the rest', () => {
    expect(shellQuote('/tmp/out-1/students/ana')).to.equal('/tmp/out-1/students/ana')
    expect(shellQuote("it's")).to.equal(`'it'\\''s'`)
    expect(shellQuote('')).to.equal("''")
  })
})
