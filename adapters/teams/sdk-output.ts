import { AsyncLocalStorage } from 'node:async_hooks';
import { format } from 'node:util';
import type { Logger } from '../../src/log.js';

/**
 * botbuilder writes to the console itself (`console.error(err)` for every bad bearer token, with the
 * whole stack): raw multi-line text on stderr, outside the JSON log and its redactor. There is no logger
 * option to give it, so while botbuilder works for this adapter (inside `sdkScope`), console output is
 * turned into one JSON log line instead; everywhere else the console is left as it was.
 */
const scope = new AsyncLocalStorage<Logger>();
const LEVELS = ['error', 'warn', 'log', 'info', 'debug', 'trace'] as const;
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  for (const level of LEVELS) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]) => {
      const log = scope.getStore();
      if (!log) {
        original(...args);
        return;
      }
      log.warn({ sdk: 'botbuilder', detail: oneLine(args) }, 'botbuilder reported a problem');
    };
  }
}

/** Runs `work` with botbuilder's console output routed to `log`. */
export function sdkScope<T>(log: Logger, work: () => Promise<T>): Promise<T> {
  install();
  return scope.run(log, work);
}

/** An error's name and message, never its stack; at most 500 characters on one line. */
export function oneLine(args: readonly unknown[]): string {
  const parts = args.map((arg) => (arg instanceof Error ? `${arg.name}: ${arg.message}` : format('%s', arg)));
  const text = parts.join(' ').replace(/\s+/g, ' ').trim();
  return text.length > 500 ? `${text.slice(0, 499)}…` : text;
}
