import { pino } from 'pino';
import { parseConfig } from '../src/config/load.js';
import { createServices } from '../src/runtime.js';
import type { Services } from '../src/services.js';

/** What a bench phase changes in the lab's config: concurrency bounds, other top-level blocks. */
export interface ConfigChanges {
  restConcurrency?: number;
  sshConcurrency?: number;
  extra?: Record<string, unknown>;
}

interface RawDeployment {
  rest: Record<string, unknown>;
  ssh?: Record<string, unknown>;
}

/** The lab's bot config (raw, before validation) with a phase's changes; the store in memory unless changed. */
export function benchConfig(labConfig: Record<string, unknown>, changes: ConfigChanges = {}) {
  const raw = structuredClone(labConfig) as { deployments: RawDeployment[] } & Record<string, unknown>;
  for (const d of raw.deployments) {
    if (changes.restConcurrency !== undefined) d.rest.concurrency = changes.restConcurrency;
    if (d.ssh && changes.sshConcurrency !== undefined) d.ssh.concurrency = changes.sshConcurrency;
  }
  return { ...raw, store: { url: 'sqlite::memory:' }, ...changes.extra };
}

/**
 * Fresh services per phase over the lab's config, so every readiness run is a cold one (the release is
 * probed again, as after a restart) and no phase inherits another's sessions or history.
 */
export async function benchServices(
  labConfig: Record<string, unknown>,
  dir: string,
  changes: ConfigChanges = {},
): Promise<Services> {
  const loaded = parseConfig(benchConfig(labConfig, changes), {}, undefined, dir);
  // The bench prints its own table; the bot's log would only interleave with it.
  return createServices(loaded, { log: pino({ level: 'silent' }) });
}
