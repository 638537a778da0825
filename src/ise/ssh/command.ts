import { IseSshError, IseTimeoutError } from '../errors.js';
import {
  LineAssembler,
  MORE,
  PROMPT_QUIET_MAX_MS,
  PROMPT_QUIET_MIN_MS,
  promptFor,
  QUESTION,
  renderLine,
} from './screen-text.js';
import type { CliEvent } from './session.js';

export interface CommandOptions {
  /** Default 30 s; pass more for slow commands (`show application status ise` 40 s+, backups up to an hour). */
  timeoutMs?: number;
  /** Answers to interactive questions this command is known to ask; any other question is an error. */
  answers?: Array<{ prompt: RegExp; answer: string }>;
  /** Aborting sends Ctrl-C; the command rejects with the signal's reason once the prompt is back. */
  signal?: AbortSignal;
  /** Each output line as it arrives (backup progress). */
  onLine?: (line: string) => void;
  /** Secrets in the command (an encryption key): replaced in every message, event and output line. */
  redact?: string[];
  /** How messages and events show the command; defaults to the command with `redact` applied. */
  display?: string;
}

interface RunContext {
  hostname: string;
  command: string;
  display: string;
  options: CommandOptions;
  timeoutMs: number;
  /** `host/user` as the login prompt showed it. */
  promptRe: string;
  /** Most bytes of output kept; past it the command is stopped and fails (`ssh.maxOutputBytes`). */
  maxOutputBytes: number;
  write(data: string): void;
  emit(event: CliEvent): void;
  /** Gives up on the session (it is left closed). */
  abandon(why: string): void;
}

// A question must stay unanswered this long before it counts as one (output may resume mid-line).
const QUESTION_SETTLE_MS = 250;
// After Ctrl-C, how long the prompt may take to come back before the session is given up.
const INTERRUPT_GRACE_MS = 5_000;
/** `ssh.maxOutputBytes` when not configured: far above any ISE `show` output, far below a memory problem. */
export const DEFAULT_MAX_OUTPUT_BYTES = 16 * 1024 * 1024;
// Past the output cap only this much of the stream is kept: enough to see the prompt come back.
const OVERFLOW_TAIL_CHARS = 512;

/** `16 MiB`, `512 KiB`, `900 bytes`: a byte count as the limit's message shows it. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/** Replaces each secret (e.g. an encryption key) with `[redacted]`. */
export function redact(text: string, secrets: readonly string[] | undefined): string {
  let out = text;
  for (const secret of secrets ?? []) if (secret.length > 0) out = out.split(secret).join('[redacted]');
  return out;
}

/** One command's exchange: send it, skip the echo, collect and stream lines, answer, stop at the prompt. */
export class CommandRun {
  readonly display: string;
  readonly #text = new LineAssembler();
  readonly #lines: string[] = [];
  readonly #prompt: RegExp;
  #echo: string[] | undefined = [];
  #settle: NodeJS.Timeout | undefined;
  /** Armed while the prompt is the last thing received; more data disarms it. */
  #promptQuiet: NodeJS.Timeout | undefined;
  #timers: NodeJS.Timeout[] = [];
  #sentAt = 0;
  /** Time from sending the command to its echo: the quiet window that confirms the prompt scales with it. */
  #echoMs: number | undefined;
  #received = 0;
  /** Past the output cap: the last few hundred characters, where the prompt will show. */
  #overflowTail: string | undefined;
  /** Set once Ctrl-C was sent: the error to reject with when the prompt returns. */
  #failure: unknown;
  #resolve: (output: string) => void = () => {};
  #reject: (error: unknown) => void = () => {};
  #done = false;

  constructor(private readonly ctx: RunContext) {
    this.display = ctx.display;
    this.#prompt = promptFor(ctx.promptRe);
  }

  start(): Promise<string> {
    const promise = new Promise<string>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    const { signal } = this.ctx.options;
    if (signal) {
      const onAbort = () => this.interrupt(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      promise.then(
        () => signal.removeEventListener('abort', onAbort),
        () => signal.removeEventListener('abort', onAbort),
      );
    }
    this.#timers.push(
      setTimeout(() => {
        const error = new IseTimeoutError(
          `\`${this.display}\` on ${this.ctx.hostname}`,
          this.ctx.timeoutMs,
          'The CLI session was closed; slow commands need a longer timeout.',
        );
        this.#finish(error);
        this.ctx.abandon(`\`${this.display}\` timed out`);
      }, this.ctx.timeoutMs),
    );
    this.#sentAt = performance.now();
    this.ctx.write(`${this.ctx.command}\r`);
    return promise;
  }

  /** Incoming PTY data. */
  push(chunk: string): void {
    if (this.#done) return;
    // Output kept coming: whatever looked like the prompt was part of it.
    clearTimeout(this.#promptQuiet);
    this.#echoMs ??= performance.now() - this.#sentAt;
    this.#received += Buffer.byteLength(chunk);
    if (this.#overflowTail !== undefined || this.#received > this.ctx.maxOutputBytes) {
      this.#overflow(chunk);
      return;
    }
    for (const line of this.#text.push(chunk)) this.#line(line);
    if (this.#prompt.test(this.#text.tail)) {
      this.#confirmPrompt(() => this.#prompt.test(this.#text.tail));
      return;
    }
    const fresh = this.#text.freshTail;
    if (MORE.test(fresh)) {
      this.#text.answered();
      this.ctx.emit({ type: 'pager', hostname: this.ctx.hostname, command: this.display });
      this.ctx.write(' ');
      return;
    }
    if (this.#failure !== undefined) return;
    const answer = this.ctx.options.answers?.find((a) => a.prompt.test(fresh));
    if (answer) {
      this.#text.answered();
      this.ctx.emit({
        type: 'answered',
        hostname: this.ctx.hostname,
        command: this.display,
        question: fresh.trim(),
      });
      this.ctx.write(`${answer.answer}\r`);
      return;
    }
    clearTimeout(this.#settle);
    if (QUESTION.test(fresh))
      this.#settle = setTimeout(() => this.#unexpectedQuestion(fresh), QUESTION_SETTLE_MS);
  }

  /** Stops the command with Ctrl-C; rejects with `error` once the prompt is back (or the session is given up). */
  interrupt(error: unknown): void {
    if (this.#done || this.#failure !== undefined) return;
    this.#failure = error;
    this.ctx.write('\x03');
    this.#timers.push(
      setTimeout(() => {
        this.#finish();
        this.ctx.abandon(`the prompt did not come back after Ctrl-C on \`${this.display}\``);
      }, INTERRUPT_GRACE_MS),
    );
  }

  /** Ends the command at once with `error` (the session is closing): Ctrl-C, no wait for the prompt. */
  cancel(error: unknown): void {
    if (this.#done) return;
    this.ctx.write('\x03');
    this.#finish(error);
  }

  /** The connection went away. */
  dropped(): void {
    this.#finish(
      new IseSshError(
        this.ctx.hostname,
        `the connection dropped during \`${this.display}\``,
        'The command may or may not have completed on the node; check before retrying.',
      ),
    );
  }

  /**
   * The prompt is on a line of its own and is the last thing received; it counts once nothing more
   * arrives for a short quiet window (twice the echo's round trip, 20-250 ms). ISE output may contain
   * a prompt-like line (a banner, a description) that happens to end one chunk of the stream: the next
   * chunk then follows within the window, and the command goes on. No fixed delay: a quiet window
   * after the last byte, sized by the link, instead of a probe typed ahead (which a question would eat).
   */
  #confirmPrompt(stillPrompt: () => boolean): void {
    const quietMs = Math.min(PROMPT_QUIET_MAX_MS, Math.max(PROMPT_QUIET_MIN_MS, 2 * (this.#echoMs ?? 0)));
    this.#promptQuiet = setTimeout(() => {
      if (stillPrompt()) this.#finish();
    }, quietMs);
  }

  /**
   * Past `maxOutputBytes` nothing more is kept: the lines so far are dropped, Ctrl-C stops the command,
   * and only a short tail of the stream is watched for the prompt's return; the command then fails.
   */
  #overflow(chunk: string): void {
    if (this.#overflowTail === undefined) {
      this.#overflowTail = '';
      this.#lines.length = 0;
      this.#text.reset();
      this.interrupt(
        new IseSshError(
          this.ctx.hostname,
          `\`${this.display}\` printed more than ${formatBytes(this.ctx.maxOutputBytes)}, the most the bot keeps of one ` +
            'command (ssh.maxOutputBytes); it was stopped with Ctrl-C and its output dropped',
          'If that much output is expected, raise ssh.maxOutputBytes in the bot config.',
        ),
      );
    }
    this.#overflowTail = (this.#overflowTail + chunk).slice(-OVERFLOW_TAIL_CHARS);
    const lastLine = () =>
      renderLine(this.#overflowTail?.slice(this.#overflowTail.lastIndexOf('\n') + 1) ?? '');
    if (this.#prompt.test(lastLine())) this.#confirmPrompt(() => this.#prompt.test(lastLine()));
  }

  #unexpectedQuestion(question: string): void {
    if (this.#done || this.#text.freshTail !== question) return;
    this.interrupt(
      new IseSshError(
        this.ctx.hostname,
        `\`${this.display}\` asked "${this.#redact(question.trim())}" and no answer was declared for it; sent Ctrl-C`,
      ),
    );
  }

  #line(line: string): void {
    if (this.#echo !== undefined) {
      // The PTY echoes the command first (possibly wrapped, possibly after a repeated prompt): skip it.
      const joined = [...this.#echo, line]
        .join('')
        .replace(/^\S+\/\S+?[#>]\s?/, '')
        .trim();
      const command = this.ctx.command.trim();
      if (joined.endsWith(command)) {
        this.#echo = undefined;
        return;
      }
      if (joined.length > 0 && command.startsWith(joined)) {
        this.#echo.push(line);
        return;
      }
      const held = this.#echo;
      this.#echo = undefined;
      for (const l of held) this.#line(l);
    }
    const clean = this.#redact(line);
    this.#lines.push(clean);
    this.ctx.options.onLine?.(clean);
  }

  #redact(text: string): string {
    let out = text;
    for (const secret of this.ctx.options.redact ?? [])
      if (secret) out = out.split(secret).join('[redacted]');
    return out;
  }

  #finish(error?: unknown): void {
    if (this.#done) return;
    this.#done = true;
    clearTimeout(this.#settle);
    clearTimeout(this.#promptQuiet);
    for (const timer of this.#timers) clearTimeout(timer);
    const failure = error ?? this.#failure;
    if (failure !== undefined) {
      this.#reject(failure);
      return;
    }
    const lines = [...this.#lines];
    while (lines.length > 0 && lines[0] === '') lines.shift();
    while (lines.length > 0 && lines.at(-1) === '') lines.pop();
    this.#resolve(lines.join('\n'));
  }
}
