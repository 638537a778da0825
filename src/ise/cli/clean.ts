/**
 * ISE's CLI runs under GNU screen over a PTY, so its output carries CRLF endings, rows right-padded to the
 * column width, pager remnants and ANSI sequences (`ESC >`, `ESC[24;1H` on exit). See ise-cli.md §1.4, §1.5
 * and §3.5. Every parser starts from this cleaned text so none of them has to care.
 */

// CSI sequences (`ESC[24;1H`), OSC titles (`ESC]0;...BEL`), charset selection (`ESC(B`) and the two-byte
// keypad modes (`ESC>`, `ESC=`) are all that screen and the pager were seen or expected to emit.
const ANSI =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching ESC and BEL is this regex's purpose.
  /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[()][A-Za-z0-9]|\u001b[=>78DEHM]/g;
// The pager prompt, and the backspaces or spaces it leaves behind when answered (ise-cli.md §1.8).
const PAGER = /(?:(?<![ \t])[ \t]+|(?<!-))-+[ \t]*More[ \t]*-+[ \t\b]*/g;
// Other C0 controls (BEL, backspace, NUL...) never belong in parsed text; tab and newline stay.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is this regex's purpose.
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Strips ANSI escapes, pager prompts and control characters, turns CRLF or lone CR into LF, trims rows. */
export function cleanCliText(text: string): string {
  return text
    .replace(ANSI, '')
    .replace(PAGER, '')
    .replace(/\r\n?/g, '\n')
    .replace(CONTROLS, '')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}

/**
 * A CLI prompt, possibly followed by the echoed command: `ise/admin# show ntp`, `dc-ise-1/User>`,
 * `ise/admin(config-Repository)#`. Parsers drop these so callers may pass the transcript as captured.
 */
export const PROMPT_LINE = /^[A-Za-z0-9][\w.-]*\/[\w.-]+(?:\([\w-]+\))?[#>](?:\s.*|\S.*)?$/;

/** `[screen is terminating]` and similar session noise printed after `exit` (ise-cli.md §1.4). */
const SESSION_NOISE = /^\[screen is terminating\]$/;

/** Cleaned lines, without prompts, echoed commands or screen's exit notice. Blank lines are kept. */
export function cliLines(text: string): string[] {
  return cleanCliText(text)
    .split('\n')
    .filter((line) => !PROMPT_LINE.test(line) && !SESSION_NOISE.test(line.trim()));
}

/** ADE-OS rejects unknown commands with this lower-case line (ise-cli.md §1.8). */
export function isInvalidCommand(text: string): boolean {
  return /% invalid (?:command|input) detected at '\^' marker/i.test(text);
}
