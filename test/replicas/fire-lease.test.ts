import test, { type ExecutionContext } from 'ava';
import type { RestFault } from '../../src/lab/faults.js';
import { Redactor } from '../../src/secrets.js';
import { openStore } from '../../src/store/store.js';
import { CHANNEL, TARGET } from '../fakes/teams-activities.js';
import { BOT_ID } from '../fakes/teams-bot.js';
import { FakeConnector } from '../fakes/teams-connector.js';
import { freshStoreUrl, PG_MISSING, type StoreKind } from '../helpers/stores.js';
import { waitFor } from '../helpers/wait.js';
import { type BotProcess, startBotProcess, writeLabConfig } from './process.js';
import { healthyLab } from './replicas.js';

/**
 * Two `bin/ise-chatops` processes over one store (a SQLite file, or PostgreSQL), posting to Teams through
 * a local Bot Connector. The digest is due at start (its slot is the minute just passed, inside the
 * catch-up window); a lab fault holds its readiness run mid-way while the test kills or stops the
 * replica that claimed it. Needs the built dist/ (`npx tsc -p tsconfig.build.json`).
 */

const DEPLOYMENT = 'healthy-3-2';
/** Bounds a hang, not a speed: two bot processes starting on a loaded 2-core machine take a while. */
const PATIENCE = 120_000;

/**
 * One test per store kind, one after the other: each starts two bot processes and a lab. PostgreSQL's
 * is listed as skipped, with the reason, without ISE_CHATOPS_TEST_PG.
 */
function replicaTest(title: string, impl: (t: ExecutionContext, kind: StoreKind) => Promise<void>): void {
  const run = (kind: StoreKind) => (t: ExecutionContext) => {
    t.timeout(3 * PATIENCE);
    return impl(t, kind);
  };
  test.serial(`sqlite: ${title}`, run('sqlite'));
  if (PG_MISSING) test.serial.skip(`postgres: ${title} [skipped: ${PG_MISSING}]`, run('postgres'));
  else test.serial(`postgres: ${title}`, run('postgres'));
}
/** Short, so a dead replica's claim runs out quickly; the sync tick looks every half of it. */
const LEASE_MS = 2000;
/** Every REST read of ISE hangs: the digest is held mid-run (for good, unless its signal cuts it). */
const HOLD: RestFault[] = [{ hang: true }];
/** The first REST read of ISE is slow: the digest is mid-run for a while, then finishes normally. */
const SLOW: RestFault[] = [{ latencyMs: 3000, times: 1 }];

async function cluster(t: ExecutionContext, kind: StoreKind) {
  const lab = await healthyLab();
  t.teardown(() => lab.close());
  const connector = new FakeConnector();
  await connector.start();
  t.teardown(() => connector.close());
  const storeUrl = await freshStoreUrl(kind);
  // The slot of the minute just passed: due now, once a year, so no timer fires it again in the test.
  const slot = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const cron = `${slot.getUTCMinutes()} ${slot.getUTCHours()} ${slot.getUTCDate()} ${slot.getUTCMonth() + 1} *`;
  const schedule = {
    kind: 'readiness' as const,
    deployment: DEPLOYMENT,
    cron,
    timezone: 'UTC',
    channel: TARGET,
  };
  // As an earlier run of the bot left it: the subscription older than the slot, the Teams channel known.
  const store = await openStore(storeUrl, new Redactor());
  t.teardown(() => store.close());
  await store.subscriptions.syncConfig([schedule], new Date(slot.getTime() - 86_400_000));
  await store.conversations.save(
    TARGET,
    {
      channelId: 'msteams',
      serviceUrl: connector.url,
      conversation: { id: CHANNEL, conversationType: 'channel', isGroup: true, tenantId: 'tid' },
      bot: { id: BOT_ID, name: 'ISE' },
    },
    new Date(),
  );
  const { file } = writeLabConfig(lab, () => ({
    store: { url: storeUrl },
    teams: { allowUnauthenticated: true },
    schedules: [schedule],
    scheduler: { leaseMs: LEASE_MS },
  }));
  const bots: BotProcess[] = [];
  const start = (env: Record<string, string> = {}) => {
    const bot = startBotProcess(file, env);
    bots.push(bot);
    return bot;
  };
  t.teardown(() => {
    for (const bot of bots) if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
  });
  /** Posts in the channel: a long one continues in cards titled "… (continued i/n)"; one each. */
  const posts = () =>
    connector
      .cards()
      .filter((c) => c.request.conversationId === CHANNEL)
      .map((c) => JSON.stringify(c.card))
      .filter((card) => !/ \(continued \d+\/\d+\)/.test(card));
  const sent = () =>
    connector.requests
      .map((r) => `${r.method} ${r.status} ${JSON.stringify(r.body).slice(0, 600)}`)
      .join('\n');
  return { lab, store, slot, start, posts, schedule, sent };
}

const started = (l: Record<string, unknown>) => l.msg === 'scheduled job started';
const finished = (l: Record<string, unknown>) => l.msg === 'scheduled job finished';

/** A replica that claimed the due digest and is held mid-run by the lab. */
async function claimedAndHeld(
  c: Awaited<ReturnType<typeof cluster>>,
  env: Record<string, string> = {},
  rest: RestFault[] = HOLD,
) {
  await c.lab.setFaults({ rest });
  const a = c.start(env);
  await a.waitForLog(started, PATIENCE);
  return a;
}

function noFalseAlarm(t: ExecutionContext, posts: string[]) {
  for (const post of posts) {
    t.false(/could not run/i.test(post), 'no "could not run" post');
    t.false(/blind/i.test(post), 'no "blind" post');
  }
}

replicaTest(
  'the replica that claimed a digest is killed mid-run; another replica posts it exactly once',
  async (t, kind) => {
    const c = await cluster(t, kind);
    const a = await claimedAndHeld(c);
    const b = c.start();
    await b.waitForLog((l) => l.msg === 'scheduler started', PATIENCE);
    t.falsy(b.logs.find(started), 'B leaves a claim whose lease is being renewed');
    a.child.kill('SIGKILL');
    await a.exited;
    await c.lab.setFaults({});
    const takeOver = await b.waitForLog(
      (l) => l.msg?.toString().startsWith('scheduled fire taken over') === true,
      PATIENCE,
    );
    t.is(typeof takeOver.previousOwner, 'string');
    await b.waitForLog((l) => finished(l) && l.outcome === 'posted', PATIENCE);
    await waitFor(() => c.posts().length >= 1, {
      message: () => `the digest in the Teams channel; the connector got:\n${c.sent()}`,
      timeout: PATIENCE,
    });
    // The outcome is written just after the job's last log line.
    const latest = await waitFor(
      async () => {
        const claim = await c.store.fireClaims.latest(`readiness|${DEPLOYMENT}|${c.schedule.cron}|UTC`);
        return claim?.outcome ? claim : undefined;
      },
      { message: 'the outcome of the fire in the store', timeout: PATIENCE },
    );
    t.like(latest, { outcome: 'posted', takenOverFrom: takeOver.previousOwner });
    t.is(c.posts().length, 1, 'posted exactly once');
    t.regex(c.posts()[0] ?? '', new RegExp(DEPLOYMENT));
    noFalseAlarm(t, c.posts());
  },
);

replicaTest(
  'SIGTERM mid-digest with time to finish: the replica posts it once and exits 0',
  async (t, kind) => {
    const c = await cluster(t, kind);
    const a = await claimedAndHeld(c, {}, SLOW);
    a.child.kill('SIGTERM');
    // The slow read comes back inside the grace period (20 s by default).
    const exit = await a.exited;
    t.is(exit.code, 0);
    const stopping = a.logs.findIndex((l) => l.msg === 'stopping');
    const done = a.logs.findIndex((l) => finished(l) && l.outcome === 'posted');
    t.true(stopping >= 0 && done > stopping, 'the digest was still running when SIGTERM came, and finished');
    t.falsy(a.logs.find((l) => l.msg === 'jobs interrupted by shutdown'));
    t.is(c.posts().length, 1);
    noFalseAlarm(t, c.posts());
  },
);

replicaTest(
  'SIGTERM mid-digest with too short a grace: the claim is given back and another replica posts it once',
  async (t, kind) => {
    const c = await cluster(t, kind);
    const a = await claimedAndHeld(c, { ISE_CHATOPS_SHUTDOWN_GRACE_MS: '300' });
    const b = c.start();
    await b.waitForLog((l) => l.msg === 'scheduler started', PATIENCE);
    a.child.kill('SIGTERM');
    await a.waitForLog((l) => l.msg?.toString().includes('its claim is given back') === true, PATIENCE);
    await c.lab.setFaults({});
    t.is((await a.exited).code, 0);
    t.truthy(a.logs.find((l) => l.msg === 'jobs interrupted by shutdown' && l.interrupted === 1));
    await b.waitForLog((l) => finished(l) && l.outcome === 'posted', PATIENCE);
    await waitFor(() => c.posts().length >= 1, {
      message: () => `the digest in the Teams channel; the connector got:\n${c.sent()}`,
      timeout: PATIENCE,
    });
    t.is(c.posts().length, 1);
    t.falsy(a.logs.find((l) => l.msg === 'scheduled job failed'));
    noFalseAlarm(t, c.posts());
  },
);
