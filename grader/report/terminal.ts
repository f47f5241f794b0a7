// Text for a terminal from what students control (ids, file names, messages): escape sequences and control
// characters would move the cursor, recolour or retitle the terminal, erase lines, or hide text.

// ESC-introduced sequences whole: CSI (ESC [ … final), OSC/DCS/SOS/PM/APC strings (up to BEL or ESC \), and
// two-character escapes; then the 8-bit CSI and OSC introducers with their own parameters.
const escapeSequence =
  // eslint-disable-next-line no-control-regex
  /\x1b(?:\[[0-?]*[ -/]*[@-~]?|[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?|[ -/]*[0-~]?)|\x9b[0-?]*[ -/]*[@-~]?|[\x90\x9d\x98\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?/g
// C0 controls except newline (and tab, handled apart), DEL, C1 controls, and the Unicode bidirectional controls
// that reorder what is shown.
// eslint-disable-next-line no-control-regex
const control = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

/** The text with escape sequences and control characters removed; a tab becomes a space; newlines stay. */
export function terminalText(text: string): string {
  return text.replace(escapeSequence, '').replace(control, '').replaceAll('\t', ' ')
}

/** Like terminalText, and on one line: newlines become spaces too (an id or a label in a progress bar). */
export function terminalLine(text: string): string {
  return terminalText(text).replace(/[\n\u2028\u2029]/g, ' ')
}
