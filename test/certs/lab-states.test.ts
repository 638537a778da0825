import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { createScheduler } from '../../scheduler/scheduler.js';
import { certificatesVia } from '../../src/certs/collect.js';
import { certificatesReply } from '../../src/certs/report.js';
import { defaultCollect } from '../../src/checks/collector.js';
import { parseConfig } from '../../src/config/load.js';
import { closeServices, createServices } from '../../src/runtime.js';
import { silentLogger } from '../helpers/services.js';
import { startLab } from '../lab/helpers.js';
import { RecordingPoster } from '../scheduler/helpers.js';

/**
 * ISE's own answers, through the real readers: a trusted CA with `status: Disabled`, a system
 * certificate `Not in use`, and an Admin certificate renewed while the old one is still bound.
 */
const SCENARIO = {
  name: 'cert-states',
  version: '3.2.0.542',
  patch: 7,
  nodes: [
    {
      hostname: 'ise-pan1',
      roles: ['PrimaryAdmin'],
      certificates: [
        { friendlyName: 'Admin 2025', usedBy: 'Admin', expiresInDays: 5 },
        { friendlyName: 'Admin 2026', usedBy: 'Admin', expiresInDays: 700, validFromDaysAgo: 1 },
        { friendlyName: 'Spare', usedBy: 'Not in use', issuedTo: 'spare.lab.example.com', expiresInDays: 5 },
        {
          friendlyName: 'EAP',
          usedBy: 'EAP Authentication',
          issuedTo: 'eap.lab.example.com',
          expiresInDays: 6,
        },
      ],
    },
  ],
  trustedCertificates: [
    { friendlyName: 'Retired Partner CA', expiresInDays: 4, status: 'Disabled' },
    { friendlyName: 'Partner CA', expiresInDays: 4, status: 'Enabled' },
  ],
};

test('from the lab: disabled and unused certificates are listed by certs, renewed ones too, and only the others are warned about', async (t) => {
  const lab = await startLab(t, SCENARIO);
  const dir = mkdtempSync(join(tmpdir(), 'cert-states-'));
  const raw = lab.configFor(dir);
  const deployment = (raw.deployments as Array<{ name: string }>)[0]?.name ?? '';
  const channel = 'slack:C1';
  const loaded = parseConfig(
    {
      ...raw,
      store: { url: 'sqlite::memory:' },
      schedules: [{ kind: 'certs', deployment, cron: '0 9 * * *', timezone: 'UTC', channel }],
    },
    {},
    undefined,
    dir,
  );
  const services = await createServices(loaded, { log: silentLogger() });
  t.teardown(() => closeServices(services));

  // The real clock: the lab's dates are relative to now.
  const read = await certificatesVia(services, defaultCollect)(deployment);
  t.is(read.state, 'ok', read.state === 'error' ? read.error : '');
  const reply = certificatesReply(deployment, read, 30, services.clock());
  const listed = (reply.data?.certificates ?? []) as Array<Record<string, unknown>>;
  t.deepEqual(
    listed.map((c) => `${c.friendlyName}: ${c.warned ? 'warned' : c.notWarned}`),
    [
      'Retired Partner CA: disabled',
      'Partner CA: warned',
      'Admin 2025: renewed',
      'Spare: not in use',
      'EAP: warned',
    ],
  );

  const poster = new RecordingPoster(services.clock);
  const scheduler = createScheduler({ services, poster, timers: false });
  await scheduler.start();
  t.teardown(() => scheduler.stop());
  const [subscription] = await services.store.subscriptions.list();
  if (!subscription) return t.fail('no subscription');
  await scheduler.fire(subscription, services.clock());
  t.deepEqual(
    poster.posts
      .map((p) => (p.reply.data?.certificate as { friendlyName?: string } | undefined)?.friendlyName)
      .sort(),
    ['EAP', 'Partner CA'],
    'not the disabled CA, not the unused certificate, not the renewed Admin 2025',
  );
});
