/** What a command implementation sees of the terminal: the shell supplies paging, echo and interruption. */
export interface CliIo {
  /** Writes output lines (the shell adds CRLF and pages them when `terminal length` is not 0). */
  print(lines: string[]): Promise<void>;
  /** Shows an interactive prompt (no newline) and resolves with the line the user types. */
  ask(prompt: string): Promise<string>;
  /** Waits, unless Ctrl-C or a closed channel aborts the command first (then it rejects). */
  sleep(ms: number): Promise<void>;
  /** Aborted by Ctrl-C or when the connection goes away. */
  readonly signal: AbortSignal;
  now(): Date;
}

/** Abortable sleep for the lab: rejects with the signal's reason so a command unwinds at once. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
