// The regrade command as a report on Windows prints it (no PowerShell or cmd.exe here: the formatting is checked
// against the two shells' quoting rules, with the paths a Windows laptop has).
import { expect } from 'chai'
import { regradeCommand } from '../../grader/pipeline.js'
import { shellCommand, shellOf, windowsQuote, withSecretVariable } from '../../grader/report/shell.js'
import type { GradeOptions } from '../../grader/types.js'

const options: GradeOptions = {
  exercises: ['sum', 'access-logs'],
  size: 'tiny',
  quick: true,
  bench: false,
  seed: 7,
  dataSeed: 7,
  sandbox: 'auto',
  outDir: 'C:\\out',
  submissionDir: 'C:\\x',
  demo: false,
  data: {},
}

/** What PowerShell makes of one quoted word: '…' is literal with '' for ' (and its typographic twins); "…" as is. */
function powerShellWord(word: string): string {
  if (/^'.*'$/s.test(word)) return word.slice(1, -1).replace(/(['\u2018\u2019\u201A\u201B])\1/g, '$1')
  if (/^".*"$/s.test(word)) {
    const inner = word.slice(1, -1)
    expect(inner, word).to.not.match(/["\u201C\u201D\u201E$`]/)
    return inner
  }
  expect(word, word).to.match(/^[A-Za-z0-9_.:/\\+=-]+$/)
  return word
}

describe('the regrade command on Windows', () => {
  it('is written for PowerShell and cmd.exe on win32, for POSIX shells elsewhere', () => {
    expect(shellOf('win32')).to.equal('windows')
    expect(shellOf('darwin')).to.equal('posix')
    expect(shellOf('linux')).to.equal('posix')
  })

  it('quotes a drive-letter path with spaces, letters beyond ASCII and an apostrophe in double quotes', () => {
    const path = "C:\\Users\\Ana María\\Documents\\Ana María's parlab\\exercises"
    const command = regradeCommand(options, ['--submission', path], undefined, 'windows')
    expect(command).to.equal(
      `npm run grade "--" --submission "${path}" --only "sum,access-logs" --seed 7 --size tiny --quick --no-bench`,
    )
  })

  it('keeps plain Windows paths bare, and quotes --, commas and a leading @', () => {
    expect(windowsQuote('C:\\parlab\\exercises')).to.equal('C:\\parlab\\exercises')
    expect(windowsQuote('D:/class/ana')).to.equal('D:/class/ana')
    expect(windowsQuote('--')).to.equal('"--"')
    expect(windowsQuote('sum,explore')).to.equal('"sum,explore"')
    expect(windowsQuote('@ana')).to.equal('"@ana"')
    expect(windowsQuote('')).to.equal('""')
  })

  it("falls back to PowerShell's single quotes where double quotes would expand or end early", () => {
    const cases: [string, string][] = [
      ['C:\\Users\\$env:USERNAME\\x', "'C:\\Users\\$env:USERNAME\\x'"],
      ['C:\\a `b` %PATH%', "'C:\\a `b` %PATH%'"],
      ['C:\\Ana’s “quoted” $(calc)', "'C:\\Ana’’s “quoted” $(calc)'"],
      ["C:\\it's $x", "'C:\\it''s $x'"],
      ['C:\\with space\\', "'C:\\with space\\'"],
      ['two\nlines', "'two\nlines'"],
    ]
    for (const [argument, quoted] of cases) {
      expect(windowsQuote(argument), argument).to.equal(quoted)
      expect(powerShellWord(quoted), argument).to.equal(argument)
    }
  })

  it('gives PowerShell every argument as written, whatever the path holds', () => {
    const paths = [
      'C:\\Users\\José Ñúñez\\parlab (2)\\exercises',
      "C:\\Users\\O'Brien\\Desktop\\entrega, v2",
      'C:\\Users\\x\\$HOME `n %USERPROFILE% ‘quoted’',
      '\\\\server\\share\\class 2026\\ana.zip',
    ]
    for (const path of paths) {
      const words = ['npm', 'run', 'grade', '--', '--submission', path, '--out', `${path}\\out`]
      const command = shellCommand(words, 'windows')
      // Split on the spaces between words: inside quotes a space belongs to the word.
      const split = command.match(
        /'(?:[^'\u2018\u2019\u201A\u201B]|(['\u2018\u2019\u201A\u201B])\1)*'|"[^"]*"|\S+/g,
      )!
      expect(split.map(powerShellWord), command).to.deep.equal(words)
    }
  })

  it('passes the secret on by name: the variable is inherited, the fingerprint is a PowerShell comment', () => {
    const command = regradeCommand(
      { ...options, secretFingerprint: '0123456789ab' },
      ['--demo'],
      undefined,
      'windows',
    )
    expect(command).to.equal(
      'npm run grade "--" --demo --only "sum,access-logs" --seed 7 --size tiny --quick --no-bench   # the secret with fingerprint 0123456789ab',
    )
    expect(withSecretVariable('npm run grade -- --demo', 'abc', 'posix')).to.equal(
      'PARLAB_SECRET="$PARLAB_SECRET" npm run grade -- --demo   # the secret with fingerprint abc',
    )
  })
})
