import { createRequire } from 'node:module';
import { type DestinationStream, type Logger, pino } from 'pino';
import type { Redactor } from './secrets.js';

export type { Logger } from 'pino';

export interface LogOptions {
  level: string;
  /** Human-friendly lines for the console demo; JSON lines otherwise. */
  pretty: boolean;
  redactor: Redactor;
  /** Where lines go; stderr by default so stdout stays the bot's replies (CLI `run --json`). */
  destination?: DestinationStream | NodeJS.WritableStream;
}

/**
 * Structured JSON logs, one line per event. Every value logged (message, fields, errors, child bindings)
 * passes through the redactor before it is serialised, so a secret that slipped into an error message or
 * an ISE echo never reaches the log.
 */
export function createLogger(options: LogOptions): Logger {
  const destination =
    options.destination ?? (options.pretty ? pinoPretty() : pino.destination({ fd: 2, sync: true }));
  const logger = pino(
    {
      level: options.level,
      base: null,
      timestamp: pino.stdTimeFunctions.isoTime,
      // Values are redacted before pino serialises them: matching the JSON line instead would miss a
      // secret holding `"`, `\` or a newline, which JSON escapes.
      hooks: {
        logMethod(args, method) {
          method.apply(this, options.redactor.redactValue(args) as typeof args);
        },
      },
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  );
  // Child bindings are serialised once, when the child is made (pino's bindings formatter covers only the
  // root); children inherit this method, so grandchildren are covered too.
  const child = logger.child;
  logger.child = function (this: Logger, bindings, childOptions) {
    return child.call(this, options.redactor.redactValue(bindings), childOptions);
  } as typeof logger.child;
  return logger;
}

function pinoPretty(): DestinationStream {
  // pino-pretty as a stream in this process: a transport thread would outlive short CLI runs.
  const require = createRequire(import.meta.url);
  const pretty = require('pino-pretty') as (opts: object) => DestinationStream;
  return pretty({
    destination: 2,
    sync: true,
    colorize: true,
    ignore: 'pid,hostname',
    translateTime: 'SYS:HH:MM:ss',
  });
}
