import test from 'ava';
import { createScheduler } from '../../scheduler/scheduler.js';
import { failed, healthy } from '../checks/fixtures.js';
import { close, FakeClock, HOUR, harness, localTime, RecordingPoster, readinessOver } from './helpers.js';

const BERLIN = 'Europe/Berlin';
const daily8 = (channel = 'slack:C1') => ({
  kind: 'readiness',
  deployment: 'prod',
  cron: '0 8 * * *',
  timezone: BERLIN,
  channel,
});

for (const [name, from, to] of [
  ['March', '2026-03-24T00:00:00Z', '2026-04-02T00:00:00Z'],
  ['October', '2026-10-20T00:00:00Z', '2026-10-29T00:00:00Z'],
] as const) {
  test(`a Europe/Berlin subscription posts at 08:00 local exactly once a day across the ${name} DST change`, async (t) => {
    const clock = new FakeClock(from);
    const h = await harness(clock, { schedules: [daily8()] });
    t.teardown(() => close(h));
    const poster = new RecordingPoster(clock.now);
    const scheduler = createScheduler({
      services: h.services,
      poster,
      readiness: readinessOver(h.services, healthy),
      timers: false,
    });
    await scheduler.start();
    t.teardown(() => scheduler.stop());
    const [task] = scheduler.tasks().values();
    if (!task) return t.fail('no task for the schedule');
    // Every 15 minutes through the days: node-cron's execute() stands in for its timer.
    for (let at = new Date(from).getTime(); at < new Date(to).getTime(); at += HOUR / 4) {
      clock.set(new Date(at));
      await task.execute();
    }
    const days = (new Date(to).getTime() - new Date(from).getTime()) / (24 * HOUR);
    t.is(poster.posts.length, days, 'one digest per day');
    const dates = poster.posts.map((p) => localTime(p.at, BERLIN));
    t.deepEqual(
      dates.map((d) => d.slice(11)),
      dates.map(() => '08:00'),
      'each at 08:00 Berlin time',
    );
    t.is(new Set(dates.map((d) => d.slice(0, 10))).size, days, 'on different days');
    const utcHours = new Set(poster.posts.map((p) => p.at.getUTCHours()));
    t.deepEqual([...utcHours].sort(), [6, 7], 'the UTC hour moves with the change; the local hour does not');
    for (const p of poster.posts) t.is(p.reply.data?.scheduledAt, p.at.toISOString());
  });
}

test('two scheduler instances sharing one store post each digest once', async (t) => {
  const clock = new FakeClock('2026-11-30T06:30:00Z');
  const schedules = [daily8('slack:C1'), daily8('teams:19:abc@thread.tacv2')];
  const a = await harness(clock, { schedules });
  const b = await harness(clock, { schedules, storeUrl: a.storeUrl });
  t.teardown(async () => {
    await close(a);
    await close(b);
  });
  const poster = new RecordingPoster(clock.now);
  const make = (h: typeof a, owner: string) =>
    createScheduler({
      services: h.services,
      poster,
      readiness: readinessOver(h.services, healthy),
      timers: false,
      owner,
    });
  const [one, two] = [make(a, 'replica-a'), make(b, 'replica-b')];
  await Promise.all([one.start(), two.start()]);
  t.teardown(async () => {
    await one.stop();
    await two.stop();
  });
  t.is(poster.posts.length, 0, 'nothing due before 08:00');
  for (const minutes of [0, 1, 7, 30]) {
    clock.set(new Date(Date.parse('2026-11-30T07:00:00Z') + minutes * 60_000));
    const tasks = [...one.tasks().values(), ...two.tasks().values()];
    await Promise.all(tasks.map((task) => task.execute()));
    await Promise.all([one.sync(), two.sync()]);
  }
  t.deepEqual(poster.posts.map((p) => p.target).sort(), ['slack:C1', 'teams:19:abc@thread.tacv2']);
  // Both replicas also try the same fire directly: the claim is already taken.
  const subs = await a.services.store.subscriptions.list();
  const at = new Date('2026-11-30T07:00:00Z');
  const ran = await Promise.all([one.fire(subs, at), two.fire(subs, at)]);
  t.deepEqual(ran, [[], []]);
  t.is(poster.posts.length, 2);
});

test('the digest is short in the channel, the full report in detail sections, and says what changed', async (t) => {
  const clock = new FakeClock('2026-11-30T07:00:00Z');
  const h = await harness(clock, { schedules: [daily8()] });
  t.teardown(() => close(h));
  let snapshot = healthy();
  const poster = new RecordingPoster(clock.now);
  const scheduler = createScheduler({
    services: h.services,
    poster,
    readiness: readinessOver(h.services, () => snapshot),
    timers: false,
  });
  await scheduler.start();
  t.teardown(() => scheduler.stop());
  const first = poster.posts[0]?.reply;
  if (!first) return t.fail('the due 08:00 digest ran at start');
  t.is(first.kind, 'digest');
  t.true(first.sections.some((s) => s.title === 'Since the last digest'));
  t.true(first.sections.filter((s) => s.detail).length > 0, 'full report as detail sections');
  t.true(first.sections.filter((s) => !s.detail).length <= 2, 'the post itself stays short');
  t.true(first.actions.some((a) => a.command === 'readiness --deployment prod'));

  snapshot = { ...healthy(), panFailover: failed('PAN failover could not be read: HTTP 500') };
  clock.set('2026-12-01T07:00:00Z');
  const [task] = scheduler.tasks().values();
  await task?.execute();
  const second = poster.posts[1]?.reply;
  if (!second) return t.fail('second digest');
  const changes = second.data?.changes as { new: string[] } | undefined;
  t.deepEqual(changes?.new, ['pan-failover']);
  t.regex(second.sections.find((s) => s.title?.startsWith('Since the last digest'))?.title ?? '', /1 new/);
});

test('a missed fire within the grace window runs once at start; older ones are skipped and noted', async (t) => {
  const clock = new FakeClock('2026-11-20T06:00:00Z');
  const h = await harness(clock, { schedules: [daily8()] });
  t.teardown(() => close(h));
  const poster = new RecordingPoster(clock.now);
  const opts = { services: h.services, poster, readiness: readinessOver(h.services, healthy), timers: false };
  const first = createScheduler(opts);
  await first.start();
  await first.stop();
  // Down for days; back 40 minutes after Monday's fire.
  clock.set('2026-11-23T07:40:00Z');
  const second = createScheduler(opts);
  await second.start();
  t.teardown(() => second.stop());
  t.is(poster.posts.length, 1, 'only the fire 40 minutes ago ran');
  t.is(poster.posts[0]?.reply.data?.scheduledAt, '2026-11-23T07:00:00.000Z');
  t.regex(h.logs.join(''), /"missed":3.*skipped/);
  // A second start (another replica, a restart) neither runs nor notes them again.
  const third = createScheduler(opts);
  await third.start();
  t.teardown(() => third.stop());
  t.is(poster.posts.length, 1);
  t.is(h.logs.join('').match(/grace window were skipped/g)?.length, 1);

  // Back 2 hours after a fire: too late for it.
  clock.set('2026-11-24T09:00:00Z');
  await third.sync();
  t.is(poster.posts.length, 1);
});
