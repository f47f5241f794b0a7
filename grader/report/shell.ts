// Commands the reports print for someone to paste into a POSIX shell (sh, bash, zsh): every argument arrives as
// written, whatever a student id or a path holds ($(…), quotes, spaces, newlines, globs, a leading ~).

/** Words that need no quoting in any POSIX shell (nor zsh, where a leading = expands): they stay readable. */
const bare = /^[A-Za-z0-9_@%+:,./-][A-Za-z0-9_@%+=:,./-]*$/

/** One argument, quoted for POSIX shells: single quotes, a ' inside written as '\''. */
export function shellQuote(argument: string): string {
  if (bare.test(argument)) return argument
  return `'${argument.replaceAll("'", `'\\''`)}'`
}

/** A command line from its words, each quoted. */
export function shellCommand(words: readonly string[]): string {
  return words.map(shellQuote).join(' ')
}
