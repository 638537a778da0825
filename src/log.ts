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
 * Structured JSON logs, one line per event. Every line passes through the redactor on its way out, so a
 * secret that slipped into an error message or an ISE echo never reaches the log.
 */
export function createLogger(options: LogOptions): Logger {
  const destination =
    options.destination ?? (options.pretty ? pinoPretty() : pino.destination({ fd: 2, sync: true }));
  return pino(
    {
      level: options.level,
      base: null,
      timestamp: pino.stdTimeFunctions.isoTime,
      hooks: { streamWrite: (line) => options.redactor.redact(line) },
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  );
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
