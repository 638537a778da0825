import type { ClientChannel } from 'ssh2';
import {
  ANY_PROMPT,
  LineAssembler,
  MORE,
  PASSWORD_EXPIRED,
  PRESS_ENTER,
  RESUME_PROMPT,
  SESSION_LIMIT,
} from './screen-text.js';

/**
 * The first prompt counts once the stream has been quiet this long after it: a banner may hold a
 * prompt-like line that happens to end one chunk. Once per login, so a fixed window is cheap.
 */
const LOGIN_PROMPT_QUIET_MS = 50;

/** Why a login stopped before the prompt for a reason the node stated. */
export class LoginRefused extends Error {
  constructor(
    readonly reason: 'password-expired' | 'session-limit',
    /** The node's own line, for the message. */
    readonly line: string,
  ) {
    super(reason);
  }
}

/**
 * Reads the login output up to the first prompt: `Last login:` lines, a banner, and the resume-session
 * menu of ISE 2.6+ (ise-cli.md §1.3), answered with Enter so the bot always starts a new session and never
 * attaches to someone else's.
 */
export class LoginWatcher {
  readonly #lines: string[] = [];
  readonly #text = new LineAssembler();

  constructor(
    private readonly channel: ClientChannel,
    private readonly onResumeMenu: () => void,
  ) {
    channel.setEncoding('utf8');
  }

  /** The printed lines before the prompt, without the menu. */
  get banner(): string {
    return this.#lines
      .filter(
        (line) =>
          !/^Following disconnected ssh sessions|^\[\d+\] \d+\.|^% Error: Invalid session|^Enter session number/.test(
            line,
          ),
      )
      .join('\n')
      .trim();
  }

  /** The last non-empty thing the node printed, for a timeout message. */
  get lastLine(): string {
    return this.#text.tail.trim() || (this.#lines.filter((l) => l.trim()).at(-1) ?? '');
  }

  wait(signal: AbortSignal): Promise<{ prompt: string; hostAndUser: string }> {
    return new Promise((resolve, reject) => {
      let quiet: NodeJS.Timeout | undefined;
      const done = (error: unknown, value?: { prompt: string; hostAndUser: string }) => {
        clearTimeout(quiet);
        this.channel.off('data', onData);
        this.channel.off('close', onClose);
        signal.removeEventListener('abort', onAbort);
        if (value) resolve(value);
        else reject(error);
      };
      const onAbort = () => done(signal.reason);
      const onClose = () => {
        // The refusal is often the last thing printed before the node hangs up.
        const limit = [...this.#lines, this.#text.tail].find((line) => SESSION_LIMIT.test(line));
        done(limit ? new LoginRefused('session-limit', limit.trim()) : new Error('closed'));
      };
      const onData = (chunk: string) => {
        clearTimeout(quiet);
        const lines = this.#text.push(chunk);
        this.#lines.push(...lines);
        // Answering a password change is not the bot's business: stop at once instead of timing out.
        const expired = [...lines, this.#text.tail].find((line) => PASSWORD_EXPIRED.test(line.trim()));
        if (expired) return done(new LoginRefused('password-expired', expired.trim()));
        const tail = this.#text.freshTail;
        if (ANY_PROMPT.test(this.#text.tail)) {
          quiet = setTimeout(() => {
            const prompt = ANY_PROMPT.exec(this.#text.tail);
            if (prompt)
              done(undefined, { prompt: prompt[0].trim(), hostAndUser: `${prompt[1]}/${prompt[2]}` });
          }, LOGIN_PROMPT_QUIET_MS);
          return;
        }
        if (RESUME_PROMPT.test(tail)) {
          this.onResumeMenu();
          this.#text.answered();
          this.channel.write('\r');
        } else if (PRESS_ENTER.test(tail)) {
          this.#text.answered();
          this.channel.write('\r');
        } else if (MORE.test(tail)) {
          this.#text.answered();
          this.channel.write(' ');
        }
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.channel.on('data', onData);
      this.channel.on('close', onClose);
    });
  }
}
