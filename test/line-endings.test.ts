// A Windows checkout with core.autocrlf=true rewrites text files: .gitattributes keeps the byte-exact fixtures
// (whose bytes the checks' expected values come from) as they are, and the shell scripts and sources LF.
import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const repo = fileURLToPath(new URL('../', import.meta.url))

function git(args: string[]): Buffer {
  const run = spawnSync('git', args, { cwd: repo, maxBuffer: 256 * 1024 * 1024 })
  expect(run.status, `git ${args.join(' ')}: ${run.stderr?.toString()}`).to.equal(0)
  return run.stdout
}

const listed = (args: string[]): string[] =>
  git([...args, '-z'])
    .toString('utf8')
    .split('\0')
    .filter((file) => file !== '')

/** Files of the work tree that git tracks or would (new ones not yet committed included). */
const files = [...new Set(listed(['ls-files', '--cached', '--others', '--exclude-standard']))].filter(
  (file) => existsSync(`${repo}/${file}`),
)
const fixture = (file: string): boolean =>
  /^(datasets|test)\/fixtures\//.test(file) || /\.(gz|tgz|zip|jpe?g|png|webp)$/i.test(file)
const fixtures = files.filter(fixture)

/** `git check-attr ATTR` for many files: file → value. */
function attribute(name: string, paths: string[]): Map<string, string> {
  const out = git(['check-attr', '-z', name, '--', ...paths])
    .toString('utf8')
    .split('\0')
  const values = new Map<string, string>()
  for (let i = 0; i + 2 < out.length; i += 3) values.set(out[i]!, out[i + 2]!)
  return values
}

/** A committed file's bytes as a checkout with core.autocrlf=true (as on Windows) writes them. */
const checkedOutOnWindows = (file: string): Buffer =>
  git([
    '-c',
    'core.autocrlf=true',
    '-c',
    'core.eol=crlf',
    'cat-file',
    '--filters',
    `--path=${file}`,
    `HEAD:${file}`,
  ])

describe('line endings (.gitattributes)', () => {
  it('never converts a fixture: every file under datasets/fixtures and test/fixtures, and every binary', () => {
    expect(fixtures.length).to.be.greaterThan(100)
    const text = attribute('text', fixtures)
    const converted = fixtures.filter((file) => text.get(file) !== 'unset')
    expect(converted, 'add them to .gitattributes as -text').to.deep.equal([])
  })

  it('gives the sources and shell scripts LF in every checkout', () => {
    const sources = files.filter((file) => !fixture(file))
    const eol = attribute('eol', sources)
    expect(sources.filter((file) => eol.get(file) !== 'lf')).to.deep.equal([])
  })

  it('checks out fixtures byte for byte with core.autocrlf=true, and the scripts and sources with LF', () => {
    // One of each kind (the attributes above cover the rest): CRLF lines, LF lines, no text at all, gzip, a
    // fixture submission's source.
    const samples = [
      'datasets/fixtures/access-logs/crlf.log',
      'datasets/fixtures/access-logs/hours.log',
      'datasets/fixtures/access-logs/malformed.log',
      'datasets/fixtures/access-logs/zanbil-22.log.gz',
      'test/fixtures/submissions/dropped-remainder/sum/parallel.ts',
    ]
    for (const file of samples) {
      expect(checkedOutOnWindows(file).equals(git(['cat-file', 'blob', `HEAD:${file}`])), file).to.equal(true)
    }
    expect(checkedOutOnWindows('datasets/fixtures/access-logs/crlf.log').includes('\r\n')).to.equal(true)
    for (const script of ['.ci/run', 'gradescope/setup.sh', 'gradescope/run_autograder', 'grader/cli.ts']) {
      expect(checkedOutOnWindows(script).includes('\r'), script).to.equal(false)
    }
  })
})
