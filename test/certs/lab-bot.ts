import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutionContext } from 'ava';
import { createScheduler } from '../../scheduler/scheduler.js';
import { parseConfig } from '../../src/config/load.js';
import { closeServices, createServices } from '../../src/runtime.js';
import type { Services } from '../../src/services.js';
import { silentLogger } from '../helpers/services.js';
import { startLab } from '../lab/helpers.js';
import { RecordingPoster } from '../scheduler/helpers.js';

export interface LabCertsBot {
  services: Services;
  deployment: string;
  channel: string;
  poster: RecordingPoster;
  /** Fires the daily certificate-warning schedule once, now (the lab's dates are relative to now). */
  fire(): Promise<void>;
}

/**
 * A bot on a lab scenario with one daily `certs` schedule posting to `slack:C1`, its scheduler
 * recording what it would post instead of posting. `extra` adds to the config (access, ...).
 */
export async function labCertsBot(
  t: ExecutionContext,
  scenario: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Promise<LabCertsBot> {
  const lab = await startLab(t, scenario);
  const dir = mkdtempSync(join(tmpdir(), 'lab-certs-'));
  const raw = lab.configFor(dir);
  const deployment = (raw.deployments as Array<{ name: string }>)[0]?.name ?? '';
  const channel = 'slack:C1';
  const loaded = parseConfig(
    {
      ...raw,
      store: { url: 'sqlite::memory:' },
      ...extra,
      schedules: [{ kind: 'certs', deployment, cron: '0 9 * * *', timezone: 'UTC', channel }],
    },
    {},
    undefined,
    dir,
  );
  const services = await createServices(loaded, { log: silentLogger() });
  t.teardown(() => closeServices(services));
  const poster = new RecordingPoster(services.clock);
  const scheduler = createScheduler({ services, poster, timers: false });
  await scheduler.start();
  t.teardown(() => scheduler.stop());
  return {
    services,
    deployment,
    channel,
    poster,
    async fire() {
      const [subscription] = await services.store.subscriptions.list();
      if (!subscription) throw new Error('the certs schedule made no subscription');
      await scheduler.fire(subscription, services.clock());
    },
  };
}
