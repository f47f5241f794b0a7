// Commands the reports print for someone to paste into a shell: every argument arrives as written, whatever a
// student id or a path holds ($(…), quotes, spaces, newlines, globs, a leading ~, letters beyond ASCII). POSIX
// shells (sh, bash, zsh) everywhere but on Windows, where a student pastes into PowerShell or cmd.exe.

/** The shell a command is written for: POSIX (Linux, macOS, WSL) or Windows' own (PowerShell and cmd.exe). */
export type ShellKind = 'posix' | 'windows'

/** The shell of a machine: Windows' own on win32 (a report is read where the grader ran), POSIX elsewhere. */
export function shellOf(platform: NodeJS.Platform = process.platform): ShellKind {
  return platform === 'win32' ? 'windows' : 'posix'
}

/** Words that need no quoting in any POSIX shell (nor zsh, where a leading = expands): they stay readable. */
const bare = /^[A-Za-z0-9_@%+:,./-][A-Za-z0-9_@%+=:,./-]*$/

/** One argument, quoted for POSIX shells: single quotes, a ' inside written as '\''. */
export function shellQuote(argument: string): string {
  if (bare.test(argument)) return argument
  return `'${argument.replaceAll("'", `'\\''`)}'`
}

// Bare in PowerShell and cmd.exe alike: no comma (an array in PowerShell), no leading @ (splatting), and never
// `--`, which PowerShell swallows before npm's npm.ps1 sees it (npm/cli#4903): quoted, it reaches npm.
const windowsBare = /^[A-Za-z0-9_.:/\\+=-]+$/
// Special inside double quotes: $ and ` in PowerShell, % in cmd.exe; PowerShell also takes the typographic double
// quotes for ". A trailing backslash would escape the closing quote.
const unsafeInDoubleQuotes = /["\u201C\u201D\u201E$`%\r\n]|\\$/

/**
 * One argument for Windows' shells: bare when plain; in double quotes when that means the same to PowerShell and
 * cmd.exe (a path with spaces, letters beyond ASCII, apostrophes, a drive letter and backslashes); otherwise in
 * PowerShell's single quotes (a quote inside doubled: PowerShell takes ‘ ’ ‚ ‛ for ' too), which cmd.exe lacks.
 */
export function windowsQuote(argument: string): string {
  if (argument !== '--' && windowsBare.test(argument)) return argument
  if (!unsafeInDoubleQuotes.test(argument)) return `"${argument}"`
  return `'${argument.replace(/['\u2018\u2019\u201A\u201B]/g, (quote) => quote + quote)}'`
}

/** A command line from its words, each quoted for `shell`. */
export function shellCommand(words: readonly string[], shell: ShellKind = shellOf()): string {
  return words.map(shell === 'windows' ? windowsQuote : shellQuote).join(' ')
}

/**
 * A command that needs PARLAB_SECRET: the variable passed on by name, never by value, with the secret's fingerprint
 * in a comment. On Windows the child inherits the variable from PowerShell or cmd.exe as it is; the comment is
 * PowerShell's.
 */
export function withSecretVariable(
  command: string,
  fingerprint: string,
  shell: ShellKind = shellOf(),
): string {
  const note = `   # the secret with fingerprint ${shell === 'windows' ? windowsQuote(fingerprint) : shellQuote(fingerprint)}`
  return shell === 'windows' ? `${command}${note}` : `PARLAB_SECRET="$PARLAB_SECRET" ${command}${note}`
}
