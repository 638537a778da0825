import test from 'ava';
import { createScheduler, type Scheduler } from '../../scheduler/scheduler.js';
import type { CollectCertificates } from '../../src/certs/collect.js';
import type { CertificateInfo, Sourced } from '../../src/ise/snapshot/types.js';
import { cert, healthy } from '../checks/fixtures.js';
import {
  close,
  DAY,
  FakeClock,
  type Harness,
  HOUR,
  harness,
  RecordingPoster,
  readinessOver,
} from './helpers.js';

const CHANNEL = 'slack:C1';
const dailyCerts = (channel = CHANNEL) => ({
  kind: 'certs',
  deployment: 'prod',
  cron: '0 9 * * *',
  timezone: 'UTC',
  channel,
});

/** What ISE holds; the test changes it. */
class Certs {
  read: Sourced<CertificateInfo[]> = { state: 'ok', value: [], source: 'test' };
  readonly collect: CollectCertificates = async () => structuredClone(this.read);
  set(...certs: CertificateInfo[]): void {
    this.read = { state: 'ok', value: certs, source: 'test' };
  }
}

function start(h: Harness, poster: RecordingPoster, certs: Certs): Promise<Scheduler> {
  const scheduler = createScheduler({
    services: h.services,
    poster,
    certificates: certs.collect,
    timers: false,
  });
  return scheduler.start().then(() => scheduler);
}

/** Runs the day's 09:00 fire, and a second time later that day (it must not repeat anything). */
async function day(clock: FakeClock, scheduler: Scheduler, date: Date): Promise<void> {
  const task = [...scheduler.tasks().values()][0];
  clock.set(date);
  await task?.execute();
  clock.set(new Date(date.getTime() + 30 * 60_000));
  await task?.execute();
}

const threshold = (p: { reply: { data?: Record<string, unknown> } }) => p.reply.data?.threshold;

test('a certificate from 95 days left to expired gets each ladder message once, across a restart; renewal resolves it', async (t) => {
  const start0 = new Date('2026-01-01T09:00:00Z');
  const clock = new FakeClock(start0.toISOString());
  const h = await harness(clock, { schedules: [dailyCerts()] });
  t.teardown(() => close(h));
  const poster = new RecordingPoster(clock.now);
  const certs = new Certs();
  const expiring = cert({
    friendlyName: 'Admin ise-pan1',
    node: 'ise-pan1',
    usage: ['Admin', 'Portal'],
    fingerprint: 'AA:11',
    notAfter: new Date(start0.getTime() + 95 * DAY),
  });
  const healthyOne = cert({ friendlyName: 'EAP ise-psn1', node: 'ise-psn1', fingerprint: 'BB:22' });
  certs.set(expiring, healthyOne);

  let scheduler = await start(h, poster, certs);
  for (let d = 0; d <= 98; d++) {
    if (d === 50) {
      // Restart in the middle: a new process over the same store.
      await scheduler.stop();
      scheduler = await start(h, poster, certs);
    }
    await day(clock, scheduler, new Date(start0.getTime() + d * DAY));
  }
  const warnings = poster.posts.filter((p) => p.reply.kind === 'cert-warning');
  t.deepEqual(warnings.map(threshold), [90, 60, 30, 14, 7, 3, 1, -1], 'expired is said once');
  t.true(warnings.every((p) => p.reply.data?.fingerprint === 'AA:11'));
  t.regex(
    warnings[0]?.reply.title ?? '',
    /expires in 90 days: ise-pan1 · Admin ise-pan1 · Admin, Portal \(system\)/,
  );
  t.regex(warnings.at(-1)?.reply.title ?? '', /^Certificate expired/);
  // Days left when each was posted: the rung itself (the 09:00 run on the day it is reached).
  const left = warnings
    .slice(0, 7)
    .map((p) => Math.floor((expiring.notAfter.getTime() - p.at.getTime()) / DAY));
  t.deepEqual(left, [90, 60, 30, 14, 7, 3, 1]);

  // Renewed: a new fingerprint in the same node, usage and store.
  const renewed = cert({
    ...expiring,
    fingerprint: 'CC:33',
    notAfter: new Date(clock.now().getTime() + 730 * DAY),
  });
  certs.set(renewed, healthyOne);
  const before = poster.posts.length;
  await day(clock, scheduler, new Date(start0.getTime() + 99 * DAY));
  await day(clock, scheduler, new Date(start0.getTime() + 100 * DAY));
  const after = poster.posts.slice(before);
  t.is(after.length, 1, 'one resolution, no more warnings');
  t.is(after[0]?.reply.kind, 'cert-resolved');
  t.regex(after[0]?.reply.title ?? '', /renewed/);
  t.is(after[0]?.options.thread, warnings.at(-1)?.thread, 'in the thread of the last warning');
  await scheduler.stop();
});

test('a certificate first seen at 45 days gets the 60-day message only, not the rungs it already passed', async (t) => {
  const clock = new FakeClock('2026-01-01T09:00:00Z');
  const h = await harness(clock, { schedules: [dailyCerts()] });
  t.teardown(() => close(h));
  const poster = new RecordingPoster(clock.now);
  const certs = new Certs();
  certs.set(
    cert({
      friendlyName: 'Portal',
      node: 'ise-psn2',
      notAfter: new Date(clock.now().getTime() + 45 * DAY + HOUR),
    }),
  );
  const scheduler = await start(h, poster, certs);
  t.teardown(() => scheduler.stop());
  await day(clock, scheduler, clock.now());
  t.deepEqual(poster.posts.map(threshold), [60]);
});

test('a collection failure is reported once per episode, never read as "no expiring certificates"', async (t) => {
  const clock = new FakeClock('2026-01-01T09:00:00Z');
  const h = await harness(clock, { schedules: [dailyCerts()] });
  t.teardown(() => close(h));
  const poster = new RecordingPoster(clock.now);
  const certs = new Certs();
  const scheduler = await start(h, poster, certs);
  t.teardown(() => scheduler.stop());
  const fail = () => {
    certs.read = {
      state: 'error',
      error: 'GET /api/v1/certs/system-certificate/ise-pan1 failed with 401',
      source: 'x',
    };
  };
  const kinds = () => poster.posts.map((p) => `${p.reply.kind}:${p.reply.status}`);
  fail();
  for (let d = 1; d <= 3; d++)
    await day(clock, scheduler, new Date(Date.parse('2026-01-01T09:00:00Z') + d * DAY));
  t.deepEqual(kinds(), ['cert-collection:error']);
  t.regex(poster.posts[0]?.reply.title ?? '', /could not be read/);
  t.regex(poster.posts[0]?.reply.lead ?? '', /401.*not "no expiring certificates"/);

  certs.set(cert({ friendlyName: 'Admin', node: 'ise-pan1' }));
  await day(clock, scheduler, new Date(Date.parse('2026-01-01T09:00:00Z') + 4 * DAY));
  await day(clock, scheduler, new Date(Date.parse('2026-01-01T09:00:00Z') + 5 * DAY));
  t.deepEqual(kinds(), ['cert-collection:error', 'cert-collection:ok']);

  fail();
  await day(clock, scheduler, new Date(Date.parse('2026-01-01T09:00:00Z') + 6 * DAY));
  await day(clock, scheduler, new Date(Date.parse('2026-01-01T09:00:00Z') + 7 * DAY));
  t.deepEqual(
    kinds(),
    ['cert-collection:error', 'cert-collection:ok', 'cert-collection:error'],
    'a new episode',
  );
});

test('one of three channels failing does not stop the other two; it is in health and retried later', async (t) => {
  const clock = new FakeClock('2026-01-01T09:00:00Z');
  const channels = ['slack:C1', 'slack:GONE', 'teams:19:x@thread.tacv2'];
  const h = await harness(clock, { schedules: channels.map((c) => dailyCerts(c)) });
  t.teardown(() => close(h));
  const poster = new RecordingPoster(clock.now);
  poster.failing.add('slack:GONE');
  const certs = new Certs();
  certs.set(
    cert({
      friendlyName: 'A',
      node: 'ise-pan1',
      fingerprint: 'A1',
      notAfter: new Date(clock.now().getTime() + 10 * DAY),
    }),
    cert({
      friendlyName: 'B',
      node: 'ise-pan2',
      fingerprint: 'B1',
      notAfter: new Date(clock.now().getTime() + 20 * DAY),
    }),
  );
  const scheduler = await start(h, poster, certs);
  t.teardown(() => scheduler.stop());
  await day(clock, scheduler, clock.now());
  t.is(poster.to('slack:C1').length, 2);
  t.is(poster.to('teams:19:x@thread.tacv2').length, 2);
  t.is(poster.to('slack:GONE').length, 0);
  const health = h.services.telemetry.postTargets();
  t.is(health['slack:GONE']?.ok, false);
  t.regex(health['slack:GONE']?.error ?? '', /channel_not_found/);
  t.is(health['slack:C1']?.ok, true);
  t.regex(h.logs.join(''), /slack:GONE.*the others went ahead/);

  poster.failing.delete('slack:GONE');
  await day(clock, scheduler, new Date(clock.now().getTime() + DAY));
  t.is(poster.to('slack:GONE').length, 2, 'the unsent warnings go out once the channel works');
  t.is(poster.to('slack:C1').length, 2, 'and nobody else hears them twice');
});

test('one failing channel does not stop a digest in the other two either', async (t) => {
  const clock = new FakeClock('2026-11-30T07:00:00Z');
  const channels = ['slack:C1', 'slack:GONE', 'slack:C3'];
  const schedules = channels.map((channel) => ({
    ...dailyCerts(channel),
    kind: 'readiness',
    cron: '0 7 * * *',
  }));
  const h = await harness(clock, { schedules });
  t.teardown(() => close(h));
  const poster = new RecordingPoster(clock.now);
  poster.failing.add('slack:GONE');
  const scheduler = createScheduler({
    services: h.services,
    poster,
    readiness: readinessOver(h.services, healthy),
    timers: false,
  });
  await scheduler.start();
  t.teardown(() => scheduler.stop());
  t.deepEqual(poster.posts.map((p) => p.target).sort(), ['slack:C1', 'slack:C3']);
  t.is(h.services.telemetry.postTargets()['slack:GONE']?.ok, false);
});
