import test, { type ExecutionContext } from 'ava';
import { createDispatcher } from '../../commands/dispatcher.js';
import { COMMANDS } from '../../commands/index.js';
import { groupKey } from '../../scheduler/coordinator.js';
import type { DigestReadiness } from '../../scheduler/digest.js';
import { createScheduler, type Scheduler } from '../../scheduler/scheduler.js';
import type { CertificateInfo, Sourced } from '../../src/ise/snapshot/types.js';
import { renderText } from '../../src/reply/text.js';
import type { Subscription } from '../../src/store/subscriptions.js';
import { healthy } from '../checks/fixtures.js';
import { waitFor } from '../helpers/wait.js';
import { close, FakeClock, type Harness, harness, RecordingPoster, readinessOver } from './helpers.js';

const LEASE = 30_000;
const FIRE = new Date('2026-11-30T08:00:00Z');
const daily8 = (channel: string) => ({
  kind: 'readiness',
  deployment: 'prod',
  cron: '0 8 * * *',
  timezone: 'UTC',
  channel,
});
const certs9 = { kind: 'certs', deployment: 'prod', cron: '0 9 * * *', timezone: 'UTC', channel: 'slack:C1' };

async function setup(t: ExecutionContext, schedules: unknown[], iso = '2026-11-30T07:59:00Z') {
  const clock = new FakeClock(iso);
  const h = await harness(clock, { schedules, config: { access: { viewers: ['*'] } } });
  t.teardown(() => close(h));
  const poster = new RecordingPoster(clock.now);
  // The config subscriptions exist before the fire.
  await h.services.store.subscriptions.syncConfig(h.services.config.schedules, clock.now());
  return { clock, h, poster };
}

function scheduler(
  t: ExecutionContext,
  h: Harness,
  poster: RecordingPoster,
  owner: string,
  readiness: DigestReadiness = readinessOver(h.services, healthy),
  certificates?: () => Promise<Sourced<CertificateInfo[]>>,
): Scheduler {
  const s = createScheduler({
    services: h.services,
    poster,
    readiness,
    ...(certificates ? { certificates } : {}),
    timers: false,
    owner,
    leaseMs: LEASE,
  });
  t.teardown(() => s.stop());
  return s;
}

/** A readiness run that holds until the test lets it go, and notices its signal as ISE calls would. */
function heldReadiness(h: Harness) {
  let release = () => {};
  let started = 0;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const run: DigestReadiness = async (deployment, signal) => {
    started++;
    await Promise.race([
      gate,
      new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true })),
    ]);
    // As the collector does: an aborted read is an unreadable part, not an exception.
    return readinessOver(h.services, healthy)(deployment, new AbortController().signal);
  };
  return { run, release: () => release(), started: () => started };
}

const subscriptionsReply = (h: Harness) =>
  createDispatcher(COMMANDS, h.services).dispatch({
    platform: 'slack',
    user: 'slack:U1',
    channel: 'slack:C1',
    text: 'subscriptions',
  });

/** The `last` column of the first subscription, as `subscriptions` shows it. */
const lastFire = async (h: Harness) => {
  const reply = await subscriptionsReply(h);
  const [first] = (reply.data?.subscriptions ?? []) as Array<{ last: Record<string, unknown> | null }>;
  return first?.last;
};

test('a fire whose replica died after claiming it is taken over once its lease runs out and posted once', async (t) => {
  const { clock, h, poster } = await setup(t, [daily8('slack:C1')]);
  const [sub] = await h.services.store.subscriptions.list();
  const fire = { schedule: groupKey(sub as Subscription), fireAt: FIRE };
  // The dead replica: it claimed the 08:00 fire and was killed before posting.
  clock.set('2026-11-30T08:00:01Z');
  t.truthy(await h.services.store.fireClaims.claim(fire, 'dead-replica', clock.now(), LEASE));
  t.like(await lastFire(h), { outcome: 'running', owner: 'dead-replica' });

  const live = scheduler(t, h, poster, 'live-replica');
  clock.set('2026-11-30T08:00:20Z');
  await live.start();
  t.is(poster.posts.length, 0, 'the lease still holds: the other replica may still be posting');

  clock.set('2026-11-30T08:00:32Z');
  t.like(await lastFire(h), { outcome: 'abandoned', owner: 'dead-replica' });
  await live.sync();
  t.deepEqual(
    poster.posts.map((p) => [p.target, p.reply.data?.scheduledAt]),
    [['slack:C1', FIRE.toISOString()]],
  );
  t.regex(h.logs.join(''), /"previousOwner":"dead-replica".*taken over/);
  t.like(await lastFire(h), { outcome: 'posted', owner: 'live-replica', takenOverFrom: 'dead-replica' });
  t.regex(
    renderText(await subscriptionsReply(h)),
    /last: 2026-11-30 08:00 UTC posted by live-replica \(taken over from dead-replica\)/,
  );
  clock.set('2026-11-30T08:05:00Z');
  await live.sync();
  t.is(poster.posts.length, 1, 'finished: never again');
});

test('a take-over after the dead replica had posted to one channel posts only to the others', async (t) => {
  const { clock, h, poster } = await setup(t, [daily8('slack:C1'), daily8('slack:C2')]);
  const [sub] = await h.services.store.subscriptions.list();
  const fire = { schedule: groupKey(sub as Subscription), fireAt: FIRE };
  clock.set('2026-11-30T08:00:01Z');
  await h.services.store.fireClaims.claim(fire, 'dead-replica', clock.now(), LEASE);
  // It posted to C1 (Slack gave it a ts) and died before C2 and before writing the outcome.
  await h.services.store.fireClaims.recordPost(fire, 'slack:C1', '1764489601.000100', clock.now());
  clock.set('2026-11-30T08:01:00Z');
  await scheduler(t, h, poster, 'live-replica').start();
  t.deepEqual(
    poster.posts.map((p) => p.target),
    ['slack:C2'],
  );
  t.regex(h.logs.join(''), /already posted to this target; not posting again/);
  t.is((await h.services.store.fireClaims.latest(fire.schedule))?.outcome, 'posted');
});

test('a claim left unfinished beyond the grace window is closed as skipped, not run', async (t) => {
  const { clock, h, poster } = await setup(t, [daily8('slack:C1')]);
  const [sub] = await h.services.store.subscriptions.list();
  const fire = { schedule: groupKey(sub as Subscription), fireAt: FIRE };
  await h.services.store.fireClaims.claim(fire, 'dead-replica', FIRE, LEASE);
  clock.set('2026-11-30T09:30:00Z');
  await scheduler(t, h, poster, 'late-replica').start();
  t.is(poster.posts.length, 0, 'a digest 90 minutes late is not today’s 08:00 digest');
  t.is((await h.services.store.fireClaims.latest(fire.schedule))?.outcome, 'skipped');
  t.regex(h.logs.join(''), /not taken over within the grace window; skipped/);
});

test('replicas that split the subscriptions of one schedule run readiness once and post to every channel', async (t) => {
  const { clock, h, poster } = await setup(t, [daily8('slack:C1'), daily8('slack:C2')]);
  const b = await harness(clock, { storeUrl: h.storeUrl });
  t.teardown(() => close(b));
  let runs = 0;
  const counted = (services: Harness['services']): DigestReadiness => {
    const real = readinessOver(services, healthy);
    return (deployment, signal) => {
      runs++;
      return real(deployment, signal);
    };
  };
  const one = scheduler(t, h, poster, 'replica-a', counted(h.services));
  const two = scheduler(t, b, poster, 'replica-b', counted(b.services));
  const [s1, s2] = await h.services.store.subscriptions.list();
  clock.set('2026-11-30T08:00:01Z');
  await Promise.all([one.fire([s1 as Subscription], FIRE), two.fire([s2 as Subscription], FIRE)]);
  t.is(runs, 1, 'one readiness run for the fire');
  t.deepEqual(poster.posts.map((p) => p.target).sort(), ['slack:C1', 'slack:C2']);
});

/** Replica A firing the 08:00 digest, its readiness run held mid-way until `held.release()`. */
async function digestHeldMidRun(t: ExecutionContext) {
  const { clock, h, poster } = await setup(t, [daily8('slack:C1')]);
  const held = heldReadiness(h);
  const a = scheduler(t, h, poster, 'replica-a', held.run);
  clock.set('2026-11-30T08:00:01Z');
  const subs = await h.services.store.subscriptions.list();
  const firing = a.fire(subs, FIRE);
  await waitFor(() => held.started() === 1, { message: 'the digest running' });
  return { h, poster, held, a, subs, firing };
}

test('stopping with a grace longer than the run lets the digest finish and post', async (t) => {
  const { h, poster, held, a, subs, firing } = await digestHeldMidRun(t);
  const stopping = a.stop(60_000);
  held.release();
  t.deepEqual(await stopping, { released: 0 });
  await firing;
  t.is(poster.posts.length, 1);
  t.is(poster.posts[0]?.reply.kind, 'digest');
  t.is((await h.services.store.fireClaims.latest(groupKey(subs[0] as Subscription)))?.outcome, 'posted');
});

test('stopping with a grace shorter than the run gives the claim back, posts nothing, and another replica posts it', async (t) => {
  const { h, poster, a, subs, firing } = await digestHeldMidRun(t);
  t.deepEqual(await a.stop(10), { released: 1 });
  await firing;
  t.deepEqual(poster.posts, [], 'no "could not run", no half digest');
  t.regex(h.logs.join(''), /stopped unfinished at shutdown; its claim is given back/);
  t.false(h.logs.join('').includes('scheduled job failed'));
  // Given back: the next replica (or this one restarted) takes it over at once, lease or not.
  await scheduler(t, h, poster, 'replica-b').start();
  t.deepEqual(
    poster.posts.map((p) => [p.target, p.reply.kind]),
    [['slack:C1', 'digest']],
  );
  t.like(await h.services.store.fireClaims.latest(groupKey(subs[0] as Subscription)), {
    outcome: 'posted',
    owner: 'replica-b',
    takenOverFrom: 'replica-a',
  });
});

test('a certificate scan stopped by shutdown posts no "warnings are blind" and is given back', async (t) => {
  const { clock, h, poster } = await setup(t, [certs9], '2026-11-30T08:59:00Z');
  let reads = 0;
  // The read notices the abort the way the collector does: an unreadable part, not a throw.
  const aborted = (signal: AbortSignal) =>
    new Promise<Sourced<CertificateInfo[]>>((resolve) => {
      reads++;
      signal.addEventListener('abort', () => resolve({ state: 'error', error: 'aborted', source: 'x' }), {
        once: true,
      });
    });
  const a = createScheduler({
    services: h.services,
    poster,
    certificates: (_deployment, signal) => aborted(signal ?? new AbortController().signal),
    timers: false,
    owner: 'replica-a',
    leaseMs: LEASE,
  });
  clock.set('2026-11-30T09:00:01Z');
  const subs = await h.services.store.subscriptions.list();
  const firing = a.fire(subs, new Date('2026-11-30T09:00:00Z'));
  await waitFor(() => reads === 1, { message: 'the certificate read running' });
  t.deepEqual(await a.stop(10), { released: 1 });
  await firing;
  t.deepEqual(poster.posts, []);
  const b = scheduler(t, h, poster, 'replica-b', undefined, async () => ({
    state: 'ok',
    value: [],
    source: 'test',
  }));
  await b.start();
  t.like(await h.services.store.fireClaims.latest(groupKey(subs[0] as Subscription)), {
    outcome: 'posted',
    owner: 'replica-b',
  });
  t.deepEqual(poster.posts, [], 'nothing to warn about, and no false alarm');
});

test('a replica whose claim was taken over while it ran (frozen past its lease) stops without posting', async (t) => {
  const { clock, h, poster } = await setup(t, [daily8('slack:C1')]);
  const held = heldReadiness(h);
  // A short lease, so the renewal (every third of it, on the real timer) comes round quickly.
  const a = createScheduler({
    services: h.services,
    poster,
    readiness: held.run,
    timers: false,
    owner: 'frozen-replica',
    leaseMs: 1000,
  });
  t.teardown(() => a.stop());
  clock.set('2026-11-30T08:00:01Z');
  const subs = await h.services.store.subscriptions.list();
  const fire = { schedule: groupKey(subs[0] as Subscription), fireAt: FIRE };
  const firing = a.fire(subs, FIRE);
  await waitFor(() => held.started() === 1, { message: 'the digest running' });
  // As if replica A froze: its lease runs out by the clock and another replica takes the fire over.
  // (A renewal landing between moving the clock and the claim holds it a second longer: move on again.)
  const taken = await waitFor(
    async () => {
      clock.advance(5000);
      return h.services.store.fireClaims.claim(fire, 'replica-b', clock.now(), LEASE);
    },
    { message: 'replica B taking the fire over' },
  );
  t.deepEqual(taken, { how: 'taken-over', from: 'frozen-replica' });
  // A notices at its next renewal (the renewal timer does not hold the process open; waitFor does).
  await waitFor(() => h.logs.join('').includes('another replica took over its claim'), {
    message: 'replica A noticing it lost the fire',
  });
  await firing;
  t.deepEqual(poster.posts, [], 'the new owner posts it, not the old one');
  t.like(await h.services.store.fireClaims.latest(fire.schedule), { owner: 'replica-b' });
  t.is((await h.services.store.fireClaims.latest(fire.schedule))?.outcome, undefined);
});
