/**
 * Turning the raw PTY stream of the ISE CLI into clean lines as they arrive. ISE runs its CLI under GNU
 * screen, so the stream carries ANSI sequences (`ESC >`, `ESC[24;1H` on exit), CRLF endings, padded rows
 * and pager remnants (ise-cli.md §1.4, §1.5, §3.5). Each line is replayed like a terminal would show it.
 */

// CSI, OSC, charset selection and the two-byte keypad/cursor escapes.
const ANSI =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching ESC and BEL is this regex's purpose.
  /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[()][A-Za-z0-9]|\u001b[=>78DEHM]/g;

/** The pager prompt, in case a release leaves it on the line instead of erasing it. */
export const MORE = /[ \t]*--More--[ \t]*/;

/**
 * What the line looks like on screen: CR returns to column 0, backspace steps back, text overwrites.
 * A pager prompt left on a finished line is dropped; on the unfinished line it is kept so it can be answered.
 */
export function renderLine(raw: string, keepPager = false): string {
  const cells: string[] = [];
  let col = 0;
  for (const ch of raw.replace(ANSI, '')) {
    if (ch === '\r') col = 0;
    else if (ch === '\b') col = Math.max(0, col - 1);
    else if (ch === '\t' || ch >= ' ') cells[col++] = ch;
  }
  const text = Array.from(cells, (c) => c ?? ' ').join('');
  return (keepPager ? text : text.replace(new RegExp(MORE.source, 'g'), '')).trimEnd();
}

/** `ise/admin#`, `ise/admin(config)#`, `dc-ise-1/User>` (ise-cli.md §1.1; any user name, §3.9). */
export const ANY_PROMPT = /^([A-Za-z0-9][\w.-]*)\/([\w.-]+)(\([\w-]+\))?([#>])\s?$/;

/** The prompt of one known `host/user`, in EXEC or any config mode. */
export function promptFor(hostAndUser: string): RegExp {
  const escaped = hostAndUser.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped}(\\([\\w-]+\\))?[#>]\\s?$`);
}

/**
 * How long the stream must stay quiet after a prompt-looking last line before it counts as the prompt
 * (command.ts scales it with the echo's round trip between these bounds; the login uses the upper one).
 */
export const PROMPT_QUIET_MIN_MS = 20;
export const PROMPT_QUIET_MAX_MS = 250;

/** The resume-session menu prompt (ise-cli.md §1.3, verbatim from Unicon's patterns). */
export const RESUME_PROMPT = /Enter session number to resume or press <Enter> to start a new one:\s*$/;
export const PRESS_ENTER = /Press <Enter> to continue\s*$/;

/**
 * A login that insists on a new password (the CLI account's password aged out under ISE's CLI
 * `password-policy`, e.g. `password-expiration-days 45`, ise-cli.md §2.7). INFERRED for ISE: no ISE
 * capture was found. ADE-OS logs in through OpenSSH and PAM (ise-cli.md §1.6), and these are the lines
 * Linux-PAM and passwd print on an aged password, as a RHEL/CentOS login shows them (public capture,
 * code index id 38265449281): `You are required to change your password immediately (password aged)`,
 * `WARNING: Your password has expired.`, `You must change your password now and login again!`, then
 * `(current) UNIX password:` (RHEL 7) or `Current password:` (RHEL 8).
 */
export const PASSWORD_EXPIRED =
  /required to change your password|password has expired|must change your password|^\(current\) UNIX password:|^Current password:|^New password:/i;

/**
 * The node refused one more CLI session: ISE's "Maximum Concurrent Sessions" for the CLI (Administration
 * > System > Admin Access > Settings > Access; the Cisco ISE NDM STIG V-242607 asks for 1). INFERRED:
 * no capture of ISE's refusal was found; this is the text of Linux-PAM's pam_limits `maxlogins`
 * (`There were too many logins for '%s'.`, linux-pam modules/pam_limits), the PAM way to cap logins.
 */
export const SESSION_LIMIT = /too many logins for|maximum (?:number of )?(?:concurrent )?(?:cli )?sessions/i;

/**
 * A partial line that looks like a question waiting for an answer: `(yes/no) [yes] ?`, `[y/n]`,
 * `(y/n):`, `Enter new password:` (ise-cli.md §3.7). Only trusted once the line stays quiet for a moment.
 */
export const QUESTION = /(?:\((?:yes\/no|y\/n)\)|\[(?:yes\/no|y\/n)\])[^\n]*$|[?:]\s*$/i;

/** Assembles the stream into rendered lines; the unfinished last line is the `tail` prompts appear on. */
export class LineAssembler {
  #partial = '';
  /** Offset in the partial line after which prompts are looked for (past an answer already given). */
  #scanFrom = 0;

  /** Adds a chunk; returns the lines it completed, rendered. */
  push(chunk: string): string[] {
    const pieces = (this.#partial + chunk).split('\n');
    this.#partial = pieces.pop() ?? '';
    if (pieces.length > 0) this.#scanFrom = 0;
    return pieces.map((piece) => renderLine(piece));
  }

  /** The unfinished line as displayed. */
  get tail(): string {
    return renderLine(this.#partial, true);
  }

  /** The unfinished line since the last answer: where a new question or `--More--` would be. */
  get freshTail(): string {
    return renderLine(this.#partial.slice(this.#scanFrom), true);
  }

  /** Marks everything so far as answered so the same question is not answered twice. */
  answered(): void {
    this.#scanFrom = this.#partial.length;
  }

  reset(): void {
    this.#partial = '';
    this.#scanFrom = 0;
  }
}
