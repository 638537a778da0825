import test, { type ExecutionContext } from 'ava';
import { createDispatcher } from '../../commands/dispatcher.js';
import { COMMANDS } from '../../commands/index.js';
import { createScheduler, type Scheduler } from '../../scheduler/scheduler.js';
import type { CollectCertificates } from '../../src/certs/collect.js';
import { certificatesReply } from '../../src/certs/report.js';
import type { CertificateFacts, CertificateInfo, Sourced } from '../../src/ise/snapshot/types.js';
import { plain } from '../../src/reply/inline.js';
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

interface SetUp {
  /** Where the clock starts. */
  from: Date;
  clock: FakeClock;
  h: Harness;
  poster: RecordingPoster;
  certs: Certs;
  /** Starts the scheduler over this set-up and stops it at teardown. */
  running: () => Promise<Scheduler>;
}

/** A fake clock at `at`, services over a fresh store (closed at teardown), a recording poster and no certificates yet. */
async function setUp(
  t: ExecutionContext,
  options: { at?: string; schedules?: unknown[]; config?: Record<string, unknown> } = {},
): Promise<SetUp> {
  const from = new Date(options.at ?? '2026-01-01T09:00:00Z');
  const clock = new FakeClock(from.toISOString());
  const h = await harness(clock, {
    schedules: options.schedules ?? [dailyCerts()],
    ...(options.config ? { config: options.config } : {}),
  });
  t.teardown(() => close(h));
  const poster = new RecordingPoster(clock.now);
  const certs = new Certs();
  const running = async () => {
    const scheduler = await start(h, poster, certs);
    t.teardown(() => scheduler.stop());
    return scheduler;
  };
  return { from, clock, h, poster, certs, running };
}

test('a certificate from 95 days left to expired gets each ladder message once, across a restart; renewal resolves it', async (t) => {
  const { from: start0, clock, h, poster, certs } = await setUp(t);
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
  const { clock, poster, certs, running } = await setUp(t);
  certs.set(
    cert({
      friendlyName: 'Portal',
      node: 'ise-psn2',
      notAfter: new Date(clock.now().getTime() + 45 * DAY + HOUR),
    }),
  );
  const scheduler = await running();
  await day(clock, scheduler, clock.now());
  t.deepEqual(poster.posts.map(threshold), [60]);
});

test('a collection failure is reported once per episode, never read as "no expiring certificates"', async (t) => {
  const { clock, poster, certs, running } = await setUp(t);
  const scheduler = await running();
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
  const channels = ['slack:C1', 'slack:GONE', 'teams:19:x@thread.tacv2'];
  const { clock, h, poster, certs, running } = await setUp(t, {
    schedules: channels.map((c) => dailyCerts(c)),
  });
  poster.failing.add('slack:GONE');
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
  const scheduler = await running();
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
  const channels = ['slack:C1', 'slack:GONE', 'slack:C3'];
  const schedules = channels.map((channel) => ({
    ...dailyCerts(channel),
    kind: 'readiness',
    cron: '0 7 * * *',
  }));
  const { h, poster } = await setUp(t, { at: '2026-11-30T07:00:00Z', schedules });
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

/** Days 0..last of the 09:00 fire (twice a day, see `day`) from `from`. */
async function days(clock: FakeClock, scheduler: Scheduler, from: Date, last: number): Promise<void> {
  for (let d = 0; d <= last; d++) await day(clock, scheduler, new Date(from.getTime() + d * DAY));
}

const expiredCa = (now: Date, extra: Partial<CertificateFacts> & { notAfter?: Date } = {}) =>
  cert({
    friendlyName: 'Old Partner Root CA',
    store: 'trusted',
    usage: ['Infrastructure'],
    subject: 'CN=Old Partner Root CA',
    fingerprint: 'EE:55',
    enabled: true,
    notAfter: new Date(now.getTime() - 400 * DAY),
    ...extra,
  });

test('an expired CA in the trusted store is posted "expired" once, then silence for 30 days', async (t) => {
  const { from, clock, poster, certs, running } = await setUp(t);
  certs.set(expiredCa(from));
  const scheduler = await running();
  await days(clock, scheduler, from, 30);
  t.deepEqual(
    poster.posts.map((p) => `${p.reply.kind} ${threshold(p)}`),
    ['cert-warning -1'],
  );
  t.regex(poster.posts[0]?.reply.title ?? '', /^Certificate expired: trusted store · Old Partner Root CA/);
  t.regex(poster.posts[0]?.reply.lead ?? '', /expired 400 days ago/);
});

test('with the weekly reminder on, an expired CA is one reminder line a week in a digest, never a daily post', async (t) => {
  const { from, clock, poster, certs, running } = await setUp(t, {
    config: { certificates: { expiredReminder: 'weekly' } },
  });
  const soon = cert({
    friendlyName: 'Admin',
    node: 'ise-pan1',
    fingerprint: 'AA:11',
    notAfter: new Date(from.getTime() + 200 * DAY),
  });
  certs.set(expiredCa(from), soon);
  const scheduler = await running();
  await days(clock, scheduler, from, 30);
  const dayOf = (p: { at: Date }) => Math.round((p.at.getTime() - from.getTime()) / DAY);
  t.deepEqual(
    poster.posts.map((p) => `day ${dayOf(p)}: ${p.reply.kind}`),
    [
      'day 0: cert-warning',
      'day 7: cert-digest',
      'day 14: cert-digest',
      'day 21: cert-digest',
      'day 28: cert-digest',
    ],
  );
  for (const digest of poster.posts.slice(1)) {
    t.regex(digest.reply.title, /1 certificate is still expired/);
    const lines = digest.reply.sections?.flatMap((s) =>
      s.blocks.flatMap((b) => (b.type === 'list' ? b.items.map((i) => plain(i)) : [])),
    );
    t.is(lines?.length, 1, 'one line per expired certificate');
    t.regex(lines?.[0] ?? '', /Old Partner Root CA.*expired 4\d\d days ago/);
    // The weekly digest carries the certificate timeline: the expired CA and the Admin certificate.
    const picture = digest.reply.images?.[0];
    t.is(picture?.name, 'certificates.png');
    t.regex(picture?.alt ?? '', /Timeline of 2 certificates .*: 1 expired/);
    t.is(
      Buffer.from(picture?.png ?? [])
        .subarray(1, 4)
        .toString(),
      'PNG',
    );
  }
});

test('a renewal with the old certificate still installed is said once in the warning thread; the old one is not warned about again', async (t) => {
  const { from, clock, poster, certs, running } = await setUp(t);
  const old = cert({
    friendlyName: 'Admin 2025',
    node: 'ise-pan1',
    usage: ['Admin', 'EAP Authentication'],
    subject: 'CN=ise-pan1.corp.example.com',
    fingerprint: 'OLD:01',
    inUse: true,
    notAfter: new Date(from.getTime() + 10 * DAY),
  });
  certs.set(old);
  const scheduler = await running();
  await day(clock, scheduler, from);
  t.deepEqual(poster.posts.map(threshold), [14]);
  const warning = poster.posts[0];

  // The new certificate is imported and bound to the same usage; ISE keeps the old one, still bound.
  const renewal = cert({
    ...old,
    friendlyName: 'Admin 2026',
    fingerprint: 'NEW:02',
    notAfter: new Date(from.getTime() + 740 * DAY),
  });
  certs.set(old, renewal);
  await days(clock, scheduler, new Date(from.getTime() + DAY), 20);
  const after = poster.posts.slice(1);
  t.deepEqual(
    after.map((p) => p.reply.kind),
    ['cert-resolved'],
    'one "renewed", then nothing: no 7/3/1, no "expired" for the old one',
  );
  const renewed = after[0];
  t.regex(renewed?.reply.title ?? '', /^Certificate renewed: ise-pan1 · Admin 2026/);
  t.is(renewed?.options.thread, warning?.thread, 'in the thread of the warning');
  const said = JSON.stringify(renewed?.reply.sections);
  t.regex(said, /still installed on ise-pan1/);
  t.regex(
    said,
    /Administration > System > Certificates > Certificate Management > System Certificates, select \\"Admin 2025\\"/,
  );
});

test('a renewal that took the usage off the old certificate (now "Not in use") is said once too', async (t) => {
  const { from, clock, poster, certs, running } = await setUp(t);
  const old = cert({
    friendlyName: 'Portal 2025',
    node: 'ise-psn1',
    usage: ['Portal'],
    subject: 'CN=guest.corp.example.com',
    fingerprint: 'P:OLD',
    inUse: true,
    notAfter: new Date(from.getTime() + 5 * DAY),
  });
  certs.set(old);
  const scheduler = await running();
  await day(clock, scheduler, from);
  const renewal = cert({
    ...old,
    friendlyName: 'Portal 2026',
    fingerprint: 'P:NEW',
    notAfter: new Date(from.getTime() + 400 * DAY),
  });
  certs.set({ ...old, usage: [], inUse: false }, renewal);
  await days(clock, scheduler, new Date(from.getTime() + DAY), 10);
  t.deepEqual(
    poster.posts.map((p) => `${p.reply.kind} ${p.reply.title.split(':')[0]}`),
    ['cert-warning Certificate expires in 5 days', 'cert-resolved Certificate renewed'],
  );
});

test("a renewed trusted CA (same subject, later expiry) stops the old one's warnings; a different subject does not", async (t) => {
  const { from, clock, poster, certs, running } = await setUp(t);
  const old = expiredCa(from, { notAfter: new Date(from.getTime() + 2 * DAY) });
  const other = cert({
    ...old,
    friendlyName: 'Other CA',
    subject: 'CN=Other CA',
    fingerprint: 'OT:01',
    notAfter: new Date(from.getTime() + 3000 * DAY),
  });
  certs.set(old, other);
  const scheduler = await running();
  await day(clock, scheduler, from);
  t.deepEqual(poster.posts.map(threshold), [3], 'another CA is no renewal');
  const renewal = cert({
    ...old,
    friendlyName: 'Old Partner Root CA 2',
    fingerprint: 'EE:66',
    notAfter: new Date(from.getTime() + 3650 * DAY),
  });
  certs.set(old, other, renewal);
  await days(clock, scheduler, new Date(from.getTime() + DAY), 10);
  t.deepEqual(
    poster.posts.slice(1).map((p) => p.reply.kind),
    ['cert-resolved'],
  );
  t.regex(JSON.stringify(poster.posts[1]?.reply.sections), /Trusted Certificates, select/);
});

test('a disabled trusted CA and an unused system certificate are listed by certs but not warned about; unknown ones are', async (t) => {
  const { from, clock, poster, certs, running } = await setUp(t);
  const in5 = new Date(from.getTime() + 5 * DAY);
  const disabled = expiredCa(from, { enabled: false, notAfter: in5 });
  const unused = cert({
    friendlyName: 'Spare',
    node: 'ise-psn2',
    usage: [],
    inUse: false,
    fingerprint: 'SP:01',
    notAfter: in5,
  });
  // ISE said nothing about status / usedBy: unknown is not "disabled" or "unused".
  const { enabled: _e, ...unknownStatus } = expiredCa(from, {
    friendlyName: 'Unknown status CA',
    subject: 'CN=Unknown status CA',
    fingerprint: 'UN:01',
    notAfter: in5,
  });
  const unknownUse = cert({
    friendlyName: 'Unknown use',
    node: 'ise-psn2',
    usage: [],
    fingerprint: 'UN:02',
    notAfter: in5,
  });
  certs.set(disabled, unused, unknownStatus, unknownUse);
  const scheduler = await running();
  await days(clock, scheduler, from, 10);
  const warned = [...new Set(poster.posts.map((p) => p.reply.data?.fingerprint))].sort();
  t.deepEqual(warned, ['UN:01', 'UN:02']);

  const listing = certificatesReply('prod', certs.read, 90, from);
  const listed = (listing.data?.certificates ?? []) as Array<Record<string, unknown>>;
  t.deepEqual(listed.map((c) => [c.fingerprint, c.warned, c.notWarned]).sort(), [
    ['EE:55', false, 'disabled'],
    ['SP:01', false, 'not in use'],
    ['UN:01', true, undefined],
    ['UN:02', true, undefined],
  ]);
  t.regex(
    JSON.stringify(listing.sections),
    /Listed, not warned about.*Old Partner Root CA.*disabled in the trusted store/,
  );
});

test('the same certificate in two deployments posting to one channel gets its rungs in each', async (t) => {
  const deployment = (name: string) => ({
    name,
    pan: `ise-pan1.${name}.example.com`,
    rest: { username: 'reader', password: 'Rest-Secret-1' },
  });
  const { from, clock, h, poster } = await setUp(t, {
    schedules: [dailyCerts(), { ...dailyCerts(), deployment: 'lab' }],
    config: { deployments: [deployment('prod'), deployment('lab')] },
  });
  const wildcard = cert({
    friendlyName: 'Wildcard',
    node: 'ise-psn1',
    subject: 'CN=*.corp.example.com',
    fingerprint: 'WC:01',
    notAfter: new Date(from.getTime() + 31 * DAY),
  });
  const scheduler = createScheduler({
    services: h.services,
    poster,
    certificates: async () => ({ state: 'ok', value: [structuredClone(wildcard)], source: 'test' }),
    timers: false,
  });
  await scheduler.start();
  t.teardown(() => scheduler.stop());
  const tasks = [...scheduler.tasks().values()];
  t.is(tasks.length, 2);
  for (let d = 0; d <= 31; d++) {
    clock.set(new Date(from.getTime() + d * DAY));
    for (const task of tasks) await task.execute();
  }
  const rungs = (name: string) =>
    poster.posts.filter((p) => p.reply.data?.deployment === name).map(threshold);
  t.deepEqual(rungs('prod'), [60, 30, 14, 7, 3, 1, -1]);
  t.deepEqual(rungs('lab'), [60, 30, 14, 7, 3, 1, -1]);
});

test('a CA disabled after its first warning gets one "no longer warned about" and then silence', async (t) => {
  const { from, clock, poster, certs, running } = await setUp(t);
  const ca = expiredCa(from, { notAfter: new Date(from.getTime() + 10 * DAY) });
  certs.set(ca);
  const scheduler = await running();
  await day(clock, scheduler, from);
  certs.set({ ...ca, enabled: false });
  await days(clock, scheduler, new Date(from.getTime() + DAY), 20);
  t.deepEqual(
    poster.posts.map((p) => `${p.reply.kind} ${p.reply.title.split(':')[0]}`),
    ['cert-warning Certificate expires in 10 days', 'cert-resolved Certificate no longer warned about'],
  );
  t.is(poster.posts[1]?.options.thread, poster.posts[0]?.thread);
  t.regex(poster.posts[1]?.reply.lead ?? '', /disabled in the trusted store/);
});

test('a "renewed" that could not be posted (channel broken) is posted once the channel works again', async (t) => {
  const { from, clock, poster, certs, running } = await setUp(t);
  const old = cert({
    friendlyName: 'Admin',
    node: 'ise-pan1',
    fingerprint: 'O:1',
    inUse: true,
    notAfter: new Date(from.getTime() + 10 * DAY),
  });
  certs.set(old);
  const scheduler = await running();
  await day(clock, scheduler, from);
  certs.set(old, { ...old, fingerprint: 'N:2', notAfter: new Date(from.getTime() + 700 * DAY) });
  poster.failing.add(CHANNEL);
  await day(clock, scheduler, new Date(from.getTime() + DAY));
  poster.failing.delete(CHANNEL);
  await days(clock, scheduler, new Date(from.getTime() + 2 * DAY), 5);
  t.deepEqual(
    poster.posts.map((p) => p.reply.kind),
    ['cert-warning', 'cert-resolved'],
  );
});

/** An admin's mute straight into the store, as `certs mute` leaves it. */
const muteFor = (h: Harness, fingerprint: string, at: Date, days: number) =>
  h.services.store.certMutes.mute({
    deployment: 'prod',
    fingerprint,
    until: new Date(at.getTime() + days * DAY),
    by: 'slack:UADMIN',
    at,
    label: fingerprint,
  });

test('a muted certificate is not warned about while muted, and is warned again at the rung it reached once the mute ends', async (t) => {
  const { from, clock, h, poster, certs, running } = await setUp(t);
  const muted = cert({
    friendlyName: 'Admin ise-pan1',
    node: 'ise-pan1',
    fingerprint: 'AA:11',
    notAfter: new Date(from.getTime() + 95 * DAY),
  });
  const other = cert({
    friendlyName: 'EAP ise-psn1',
    node: 'ise-psn1',
    fingerprint: 'BB:22',
    notAfter: new Date(from.getTime() + 80 * DAY),
  });
  certs.set(muted, other);
  const scheduler = await running();
  await days(clock, scheduler, from, 5);
  // After its 90-day warning an admin mutes it for 30 days (day 6 to day 36, 09:00).
  await muteFor(h, 'AA:11', new Date(from.getTime() + 6 * DAY), 30);
  for (let d = 6; d <= 66; d++) await day(clock, scheduler, new Date(from.getTime() + d * DAY));
  const dayOf = (p: { at: Date }) => Math.round((p.at.getTime() - from.getTime()) / DAY);
  const warnings = (fingerprint: string) =>
    poster.posts
      .filter((p) => p.reply.kind === 'cert-warning' && p.reply.data?.fingerprint === fingerprint)
      .map((p) => `day ${dayOf(p)}: ${threshold(p)}`);
  t.deepEqual(
    warnings('AA:11'),
    ['day 5: 90', 'day 36: 60', 'day 65: 30'],
    'the 60-day rung (day 35) fell in the mute; it comes when the mute ends, then the ladder goes on',
  );
  t.deepEqual(
    warnings('BB:22'),
    ['day 0: 90', 'day 20: 60', 'day 50: 30', 'day 66: 14'],
    'the other certificate is warned about as before, also while the first is muted',
  );
});

test('a rung told before a short mute is said again once when the mute ends, then the ladder goes on', async (t) => {
  const { from, clock, h, poster, certs, running } = await setUp(t);
  certs.set(
    cert({
      friendlyName: 'Admin ise-pan1',
      node: 'ise-pan1',
      fingerprint: 'AA:11',
      notAfter: new Date(from.getTime() + 30 * DAY),
    }),
  );
  const scheduler = await running();
  await days(clock, scheduler, from, 1);
  // Muted for 5 days after its 30-day warning; lifted by hand a second time later.
  await muteFor(h, 'AA:11', new Date(from.getTime() + 2 * DAY), 5);
  for (let d = 2; d <= 10; d++) await day(clock, scheduler, new Date(from.getTime() + d * DAY));
  await muteFor(h, 'AA:11', new Date(from.getTime() + 11 * DAY), 10);
  await day(clock, scheduler, new Date(from.getTime() + 11 * DAY));
  await h.services.store.certMutes.unmute('prod', 'AA:11', new Date(from.getTime() + 12 * DAY));
  for (let d = 12; d <= 17; d++) await day(clock, scheduler, new Date(from.getTime() + d * DAY));
  const dayOf = (p: { at: Date }) => Math.round((p.at.getTime() - from.getTime()) / DAY);
  const warnings = poster.posts.filter((p) => p.reply.kind === 'cert-warning');
  t.deepEqual(
    warnings.map((p) => `day ${dayOf(p)}: ${threshold(p)}`),
    ['day 0: 30', 'day 7: 30', 'day 12: 30', 'day 16: 14'],
    'told on day 0, again when the mute ran out (day 7) and when the second was lifted (day 12), once each',
  );
  t.notRegex(warnings[0]?.reply.lead ?? '', /Said again/);
  t.regex(warnings[1]?.reply.lead ?? '', /Said again: its mute has ended\./);
});

test('each warning offers "All certificates" and "Mute this certificate 30 days"; a viewer clicking mute is refused', async (t) => {
  const { from, clock, h, poster, certs, running } = await setUp(t, {
    config: { access: { admins: ['slack:UADMIN'], viewers: ['slack:UVIEW'] } },
  });
  certs.set(
    cert({
      friendlyName: 'Admin ise-pan1',
      node: 'ise-pan1',
      fingerprint: 'AA:11',
      notAfter: new Date(from.getTime() + 20 * DAY),
    }),
  );
  await days(clock, await running(), from, 0);
  const [warning] = poster.posts;
  t.is(warning?.reply.kind, 'cert-warning');
  t.deepEqual(
    warning?.reply.actions.map((a) => [a.label, a.command, a.secondary ?? false]),
    [
      ['All certificates', 'certs --deployment prod', false],
      ['Mute this certificate 30 days', 'certs mute AA:11 --days 30 --deployment prod', false],
    ],
  );
  const mute = warning?.reply.actions.find((a) => a.id === 'mute');
  t.not(mute?.style, 'primary', 'muting is not the action to encourage');

  const dispatcher = createDispatcher(COMMANDS, h.services);
  const click = (user: string) =>
    dispatcher.dispatch({ platform: 'slack', user, channel: CHANNEL, text: mute?.command ?? '' });
  const refused = await click('slack:UVIEW');
  t.is(refused.status, 'denied');
  t.is(refused.title, '`certs mute` needs the admin role.');
  const asked = await click('slack:UADMIN');
  t.is(asked.kind, 'confirm', 'an admin is asked to confirm first');
  t.regex(asked.title, /Mute the expiry warnings about "AA:11" in prod for 30 days\?/);
  t.deepEqual(await h.services.store.certMutes.active('prod', clock.now()), []);
});

test('the weekly reminder of several expired certificates has a mute per certificate behind "More", and leaves a muted one out', async (t) => {
  const { from, clock, h, poster, certs, running } = await setUp(t, {
    config: { certificates: { expiredReminder: 'weekly' } },
  });
  certs.set(
    expiredCa(from),
    expiredCa(from, { friendlyName: 'Old Lab CA', subject: 'CN=Old Lab CA', fingerprint: 'FF:66' }),
    expiredCa(from, { friendlyName: 'Old Test CA', subject: 'CN=Old Test CA', fingerprint: 'DD:44' }),
  );
  const scheduler = await running();
  await days(clock, scheduler, from, 7);
  const first = poster.posts.find((p) => p.reply.kind === 'cert-digest');
  t.regex(first?.reply.title ?? '', /3 certificates are still expired/);
  t.deepEqual(
    first?.reply.actions.map((a) => [a.command, a.secondary ?? false]),
    [
      ['certs --deployment prod', false],
      ['certs mute EE:55 --days 30 --deployment prod', true],
      ['certs mute FF:66 --days 30 --deployment prod', true],
      ['certs mute DD:44 --days 30 --deployment prod', true],
    ],
  );
  t.regex(first?.reply.actions[1]?.label ?? '', /^Mute Old Partner Root CA 30 days$/);

  await muteFor(h, 'EE:55', clock.now(), 30);
  for (let d = 8; d <= 14; d++) await day(clock, scheduler, new Date(from.getTime() + d * DAY));
  const second = poster.posts.filter((p) => p.reply.kind === 'cert-digest')[1];
  t.regex(second?.reply.title ?? '', /2 certificates are still expired/);
  t.notRegex(JSON.stringify(second?.reply.sections), /Old Partner Root CA/, 'the muted CA is left out');
});
