import { Writable } from 'node:stream';
import { pino } from 'pino';
import { parseConfig } from '../../src/config/load.js';
import { createLogger, type Logger } from '../../src/log.js';
import { createServices } from '../../src/runtime.js';
import type { Redactor } from '../../src/secrets.js';
import type { Services } from '../../src/services.js';

export interface CapturedLog {
  lines: string[];
  text(): string;
}

/**
 * Services over a minimal valid config (no ISE reachable) with an in-memory store and a logger that
 * captures its lines through the real redactor.
 */
export async function testServices(
  extra: Record<string, unknown> = {},
): Promise<{ services: Services; log: CapturedLog }> {
  const loaded = parseConfig(
    {
      deployments: [
        {
          name: 'prod',
          pan: 'ise-pan1.example.com',
          rest: { username: 'reader', password: 'Rest-Secret-1', timeoutMs: 2000 },
        },
      ],
      store: { url: 'sqlite::memory:' },
      ...extra,
    },
    {},
    undefined,
    process.cwd(),
  );
  const { log, lines } = capturingLogger(loaded.redactor);
  const services = await createServices(loaded, { log });
  return { services, log: { lines, text: () => lines.join('') } };
}

/** A debug-level JSON logger whose lines (already through the real redactor) land in `lines`. */
export function capturingLogger(redactor: Redactor): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { log: createLogger({ level: 'debug', pretty: false, redactor, destination: sink }), lines };
}

export const silentLogger = () => pino({ level: 'silent' });
