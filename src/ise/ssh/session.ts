import type { ClientChannel, Client as SshClient } from 'ssh2';
import { sleep } from '../../util/time.js';
import { IseSshError, IseTimeoutError } from '../errors.js';
import { type CommandOptions, CommandRun, DEFAULT_MAX_OUTPUT_BYTES, redact } from './command.js';
import { connectShell, passwordExpiredError } from './connect.js';
import { LoginRefused, LoginWatcher } from './login.js';
import { botSessions, CliSessionLimitError, LIMIT_GRACE_MS, LIMIT_GRACE_RETRIES } from './node-sessions.js';
import { describeTarget, type SshTarget } from './target.js';

export type { CommandOptions } from './command.js';
export { CliSessionLimitError } from './node-sessions.js';
export type { SshTarget } from './target.js';

/** Progress of a CLI session, for logs and metrics; never carries a secret (commands are display forms). */
export type CliEvent =
  | { type: 'connected'; hostname: string; fingerprint: string; remembered: boolean }
  | { type: 'resume-menu'; hostname: string }
  /**
   * This login waits for one of the bot's own sessions on the node to end: `bot` when the bot's cap
   * (`ssh.maxSessionsPerNode`) is reached, `node` when the node refused it (its CLI session limit).
   */
  | { type: 'queued'; hostname: string; limit: 'bot' | 'node'; reason: string }
  | { type: 'ready'; hostname: string; prompt: string }
  | { type: 'pager'; hostname: string; command: string }
  | { type: 'answered'; hostname: string; command: string; question: string }
  | { type: 'command'; hostname: string; command: string; ms: number; ok: boolean }
  | { type: 'closed'; hostname: string; reason: string };

export interface OpenOptions {
  signal?: AbortSignal;
  onEvent?: (event: CliEvent) => void;
}

export interface CliSession {
  readonly hostname: string;
  /** The prompt seen at login, e.g. `ise/admin#`. */
  readonly prompt: string;
  /** Text printed before the first prompt (Last login, banner), cleaned. */
  readonly banner: string;
  readonly closed: boolean;
  /** Runs one command (commands queue, one at a time) and resolves with its cleaned output. */
  run(command: string, options?: CommandOptions): Promise<string>;
  /** Sends `exit` (so the next login has no resume menu) and ends the connection. */
  close(): Promise<void>;
  /**
   * Hangs up without Ctrl-C or `exit`: a running command (a backup) carries on in ISE's screen session,
   * and the next login meets it in the resume menu. The running `run` rejects as a dropped session.
   */
  detach(): void;
}

const DEFAULT_COMMAND_TIMEOUT_MS = 30_000;

/**
 * Opens an interactive CLI session on one ISE node: connect, verify the host key, log in, get past the
 * banner and the resume-session menu, wait for the prompt, then turn the pager off with `terminal length 0`.
 * A node that refuses the session because its CLI session limit is reached while the bot itself holds a
 * session there is asked again once that session ends (waiting as long as `options.signal` allows).
 */
export async function openCliSession(target: SshTarget, options: OpenOptions = {}): Promise<CliSession> {
  const node = describeTarget(target);
  const sessions = target.sessions ?? botSessions;
  const queued = (limit: 'bot' | 'node') => (reason: string) =>
    options.onEvent?.({ type: 'queued', hostname: target.hostname, limit, reason });
  // After the bot's own session ended, the node may take a moment to count it gone.
  let graceLeft = 0;
  for (;;) {
    const release = await sessions.acquire(node, options.signal, queued('bot'));
    try {
      return await openOnce(target, options, release);
    } catch (error) {
      release();
      if (!(error instanceof CliSessionLimitError)) throw error;
      if (sessions.held(node) > 0) {
        queued('node')(error.line);
        await sessions.released(node, options.signal);
        graceLeft = LIMIT_GRACE_RETRIES;
      } else if (graceLeft-- > 0) {
        await sleep(LIMIT_GRACE_MS, options.signal);
      } else throw error;
    }
  }
}

async function openOnce(target: SshTarget, options: OpenOptions, release: () => void): Promise<CliSession> {
  const emit = (event: CliEvent) => options.onEvent?.(event);
  const deadline = new AbortController();
  const timer = setTimeout(
    () =>
      deadline.abort(
        new IseTimeoutError(`SSH login to ${target.hostname} (${describeTarget(target)})`, target.timeoutMs),
      ),
    target.timeoutMs,
  );
  const signal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
  try {
    const connected = await connectShell(target, signal);
    const { fingerprint, remembered } = connected;
    emit({ type: 'connected', hostname: target.hostname, fingerprint, remembered });
    const login = new LoginWatcher(connected.channel, () =>
      emit({ type: 'resume-menu', hostname: target.hostname }),
    );
    let prompt: { prompt: string; hostAndUser: string };
    try {
      prompt = await login.wait(signal);
    } catch (error) {
      connected.client.end();
      throw loginFailure(target, error, login.lastLine);
    }
    const session = new Session(
      target.hostname,
      connected.client,
      connected.channel,
      prompt,
      login.banner,
      emit,
      release,
      target.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES,
    );
    emit({ type: 'ready', hostname: target.hostname, prompt: prompt.prompt });
    // INFERRED that ISE honours it (ise-cli.md §1.8); the pager is answered anyway if it still appears.
    await session.run('terminal length 0', { timeoutMs: 10_000 }).catch((error: unknown) => {
      if (session.closed) throw error;
    });
    return session;
  } finally {
    clearTimeout(timer);
  }
}

/** Why no prompt appeared, in words for an ISE admin. */
function loginFailure(target: SshTarget, error: unknown, lastLine: string): unknown {
  const last = lastLine ? ` (last output: "${lastLine}")` : '';
  if (error instanceof LoginRefused && error.reason === 'password-expired') {
    return passwordExpiredError(target, error.line);
  }
  if (error instanceof LoginRefused) return new CliSessionLimitError(target.hostname, error.line);
  if (error instanceof IseTimeoutError) {
    return new IseTimeoutError(error.operation, error.timeoutMs, `No CLI prompt appeared${last}.`);
  }
  if (error instanceof Error && error.message === 'closed') {
    return new IseSshError(target.hostname, `the node closed the session before showing a CLI prompt${last}`);
  }
  return error;
}

class Session implements CliSession {
  readonly hostname: string;
  readonly prompt: string;
  readonly banner: string;
  #closed = false;
  #queue: Promise<unknown> = Promise.resolve();
  #active: CommandRun | undefined;
  #closedBecause: string | undefined;
  /** `host/user` as the login prompt showed it: later prompts must match it. */
  readonly #hostAndUser: string;

  constructor(
    hostname: string,
    private readonly client: SshClient,
    private readonly channel: ClientChannel,
    prompt: { prompt: string; hostAndUser: string },
    banner: string,
    private readonly emit: (event: CliEvent) => void,
    /** Frees the node's slot among the bot's sessions (see `botSessions`). */
    release: () => void,
    private readonly maxOutputBytes: number,
  ) {
    this.hostname = hostname;
    this.prompt = prompt.prompt;
    this.banner = banner;
    this.#hostAndUser = prompt.hostAndUser;
    channel.on('data', (chunk: string) => this.#active?.push(chunk));
    const gone = () => this.#gone('the connection was closed');
    channel.on('close', gone);
    client.on('close', gone);
    // The node counts the session until the connection is gone, not when the bot stops using it.
    client.on('close', release);
    client.on('error', () => gone());
    channel.on('error', () => gone());
  }

  get closed(): boolean {
    return this.#closed;
  }

  run(command: string, options: CommandOptions = {}): Promise<string> {
    const result = this.#queue.then(() => this.#runNow(command, options));
    this.#queue = result.catch(() => {});
    return result;
  }

  async #runNow(command: string, options: CommandOptions): Promise<string> {
    const display = options.display ?? redact(command, options.redact);
    // One command is one line: a line break (or other control) in an argument would start another command.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
    if (/[\u0000-\u001f\u007f]/.test(command)) {
      throw new IseSshError(
        this.hostname,
        `refused to send ${JSON.stringify(display)}: it contains a control character`,
      );
    }
    if (this.#closed) {
      throw new IseSshError(
        this.hostname,
        `cannot run \`${display}\`: ${this.#closedBecause ?? 'the CLI session is closed'}`,
      );
    }
    options.signal?.throwIfAborted();
    const started = Date.now();
    const run = new CommandRun({
      hostname: this.hostname,
      command,
      display,
      options,
      timeoutMs: options.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
      promptRe: this.#hostAndUser,
      maxOutputBytes: this.maxOutputBytes,
      write: (data) => this.#write(data),
      emit: this.emit,
      abandon: (why) => this.#abandon(why),
    });
    this.#active = run;
    try {
      const output = await run.start();
      this.emit({
        type: 'command',
        hostname: this.hostname,
        command: display,
        ms: Date.now() - started,
        ok: true,
      });
      return output;
    } catch (error) {
      this.emit({
        type: 'command',
        hostname: this.hostname,
        command: display,
        ms: Date.now() - started,
        ok: false,
      });
      throw error;
    } finally {
      this.#active = undefined;
    }
  }

  /** The session cannot be trusted any more (timeout, wedged prompt): try to leave cleanly, then hang up. */
  #abandon(why: string): void {
    if (this.#closed) return;
    this.#markClosed(why);
    // Ctrl-C stops whatever runs, `exit` ends the screen session so the next login has no resume menu.
    this.#write('\x03');
    this.#write('exit\r');
    setTimeout(() => this.client.end(), 500).unref();
  }

  /** Writing to a channel that already closed would raise an unhandled stream error. */
  #write(data: string): void {
    if (this.channel.writable) this.channel.write(data);
  }

  #gone(why: string): void {
    if (!this.#closed) this.#markClosed(why);
    this.#active?.dropped();
  }

  #markClosed(why: string): void {
    this.#closed = true;
    this.#closedBecause = why;
    this.emit({ type: 'closed', hostname: this.hostname, reason: why });
  }

  detach(): void {
    if (this.#closed) return;
    this.#markClosed('the bot hung up');
    this.#active?.dropped();
    this.client.end();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#active?.cancel(
      new IseSshError(this.hostname, `the session was closed while \`${this.#active.display}\` ran`),
    );
    this.#markClosed('closed by the bot');
    const ended = new Promise<void>((resolve) => {
      this.channel.once('close', resolve);
      setTimeout(resolve, 2_000).unref();
    });
    this.#write('exit\r');
    await ended;
    this.client.end();
  }
}
