import test from 'ava';
import { createScheduler } from '../../scheduler/scheduler.js';
import type { CertificateInfo, Sourced, UndatedCertificate } from '../../src/ise/snapshot/types.js';
import { cert } from '../checks/fixtures.js';
import { close, DAY, FakeClock, harness, RecordingPoster } from './helpers.js';

const CHANNEL = 'slack:C1';

test('a certificate whose expiry cannot be read is told once per channel; the others still get their rungs', async (t) => {
  const start = new Date('2026-01-01T09:00:00Z');
  const clock = new FakeClock(start.toISOString());
  const h = await harness(clock, {
    schedules: [{ kind: 'certs', deployment: 'prod', cron: '0 9 * * *', timezone: 'UTC', channel: CHANNEL }],
  });
  t.teardown(() => close(h));
  const poster = new RecordingPoster(clock.now);
  const { notAfter: _n, ...facts } = cert({
    friendlyName: 'Odd zone',
    node: 'ise-psn1',
    fingerprint: 'DD:44',
  });
  const unreadable: UndatedCertificate = {
    ...facts,
    unreadable: {
      field: 'expirationDate',
      text: 'Mon Jan 15 12:00:00 XYZT 2029',
      reason: 'the bot does not know its time zone abbreviation',
    },
  };
  const soon = cert({
    friendlyName: 'Admin',
    node: 'ise-pan1',
    fingerprint: 'AA:11',
    notAfter: new Date(start.getTime() + 20 * DAY),
  });
  const read: Sourced<CertificateInfo[]> = { state: 'ok', value: [unreadable, soon], source: 'test' };
  const scheduler = createScheduler({
    services: h.services,
    poster,
    certificates: async () => structuredClone(read),
    timers: false,
  });
  await scheduler.start();
  const task = [...scheduler.tasks().values()][0];
  for (let d = 0; d < 3; d++) {
    clock.set(new Date(start.getTime() + d * DAY));
    await task?.execute();
  }
  const kinds = poster.posts.map((p) => p.reply.kind);
  t.deepEqual(
    kinds.filter((k) => k === 'cert-unreadable'),
    ['cert-unreadable'],
  );
  t.true(kinds.includes('cert-warning'), kinds.join(', '));
  const notice = poster.posts.find((p) => p.reply.kind === 'cert-unreadable');
  t.regex(notice?.reply.lead ?? '', /"Mon Jan 15 12:00:00 XYZT 2029".*could not read it/);
  t.false(
    kinds.includes('cert-resolved'),
    'an unreadable certificate is still there, not renewed or removed',
  );
});
