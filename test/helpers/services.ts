import { Writable } from 'node:stream';
import { pino } from 'pino';
import { parseConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/log.js';
import { createServices } from '../../src/runtime.js';
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
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const log = createLogger({ level: 'debug', pretty: false, redactor: loaded.redactor, destination: sink });
  const services = await createServices(loaded, { log });
  return { services, log: { lines, text: () => lines.join('') } };
}

export const silentLogger = () => pino({ level: 'silent' });
