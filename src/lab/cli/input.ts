/** Keys typed on the emulated PTY, read one at a time by the shell (type-ahead stays buffered, as on a tty). */
export class ClosedError extends Error {
  override readonly name = 'ClosedError';
}

export const CTRL_C = '\x03';

export class KeyInput {
  #buffer = '';
  #wake: (() => void) | undefined;
  #closed = false;
  /** Called on Ctrl-C while a command runs; keys typed before it are dropped, like a tty's flush on ^C. */
  interrupt: (() => void) | undefined;
  /** A line ended by `\r` may be followed by `\n` (CRLF Enter): that `\n` is not a second empty line. */
  #skipLf = false;

  push(data: string): void {
    const ctrlC = data.lastIndexOf(CTRL_C);
    if (ctrlC >= 0 && this.interrupt) {
      this.#buffer = '';
      data = data.slice(ctrlC + 1);
      this.interrupt();
    }
    this.#buffer += data;
    this.#wake?.();
  }

  close(): void {
    this.#closed = true;
    this.#wake?.();
  }

  async key(signal?: AbortSignal): Promise<string> {
    for (;;) {
      signal?.throwIfAborted();
      if (this.#buffer.length > 0) {
        const ch = this.#buffer[0] as string;
        this.#buffer = this.#buffer.slice(1);
        if (this.#skipLf && ch === '\n') {
          this.#skipLf = false;
          continue;
        }
        this.#skipLf = ch === '\r';
        return ch;
      }
      if (this.#closed) throw new ClosedError('channel closed');
      await new Promise<void>((resolve) => {
        const done = () => {
          this.#wake = undefined;
          signal?.removeEventListener('abort', done);
          resolve();
        };
        this.#wake = done;
        signal?.addEventListener('abort', done, { once: true });
      });
    }
  }

  /**
   * Reads a line with echo and backspace editing; resolves `null` on Ctrl-C (an abandoned line).
   * Other control characters and escape sequences (arrow keys) are ignored.
   */
  async line(echo: (text: string) => void, signal?: AbortSignal): Promise<string | null> {
    let text = '';
    for (;;) {
      const ch = await this.key(signal);
      if (ch === '\r' || ch === '\n') return text;
      if (ch === CTRL_C) return null;
      if (ch === '\x1b') {
        // Skip the rest of an escape sequence (`ESC [ A` for an arrow key): the CLI has no line history here.
        if ((await this.key(signal)) === '[') while (!/[A-Za-z~]/.test(await this.key(signal))) {}
        continue;
      }
      if (ch === '\x7f' || ch === '\b') {
        if (text.length > 0) {
          text = text.slice(0, -1);
          echo('\b \b');
        }
      } else if (ch >= ' ') {
        text += ch;
        echo(ch);
      }
    }
  }
}
