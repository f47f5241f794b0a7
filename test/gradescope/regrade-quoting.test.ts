// The regrade command of a results.json that gradescope/results.js writes for a submission it could not grade: a
// submission folder whose path holds $, quotes, spaces or letters beyond ASCII is pasted into a shell as written.
import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const repo = fileURLToPath(new URL('../../', import.meta.url))

describe('gradescope/results.js fail: the regrade command', () => {
  const work = mkdtempSync(join(tmpdir(), 'parlab-gs-quote-'))
  after(() => rmSync(work, { recursive: true, force: true }))

  for (const submission of [
    '/home/Ana María/entregas/it\'s $HOME `id` "v2", final',
    '/autograder/submission',
  ]) {
    it(`gives the shell the submission's path as written: ${submission}`, () => {
      const out = join(work, 'results.json')
      const write = spawnSync(
        process.execPath,
        [
          'gradescope/results.js',
          'fail',
          '--reason',
          'no exercises',
          '--out',
          out,
          '--submission',
          submission,
          '--args=--only sum',
        ],
        { cwd: repo, encoding: 'utf8' },
      )
      expect(write.status, write.stderr).to.equal(0)
      const results = JSON.parse(readFileSync(out, 'utf8')) as { extra_data: { regradeCommand: string } }
      const command = results.extra_data.regradeCommand
      // npm replaced by a function that prints its arguments, NUL-separated, in an empty folder.
      const cwd = mkdtempSync(join(work, 'shell-'))
      const run = spawnSync('sh', ['-c', `npm() { printf '%s\\0' "$@"; }\n${command}\n`], {
        cwd,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, HOME: '/nowhere' },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      expect(run.status, run.stderr).to.equal(0)
      expect(run.stdout.split('\0').slice(0, -1)).to.deep.equal([
        'run',
        'grade',
        '--',
        '--submission',
        submission,
        '--only',
        'sum',
      ])
      expect(existsSync(join(cwd, 'id'))).to.equal(false)
    })
  }
})
