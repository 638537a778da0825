import anyTest, { type TestFn } from 'ava';
import type { Lab } from '../../src/lab/lab.js';
import { reply, section } from '../../src/reply/build.js';
import { CHANNEL, conversationUpdate, postActivity, TARGET } from '../fakes/teams-activities.js';
import { postgresTest } from '../helpers/stores.js';
import { waitFor } from '../helpers/wait.js';
import { FakeClock } from '../scheduler/helpers.js';
import { healthyLab, twoReplicas } from './replicas.js';

const test = anyTest as TestFn<{ lab: Lab }>;
// PostgreSQL is what several replicas share; without ISE_CHATOPS_TEST_PG these are skipped (CI sets it).
const pgTest = postgresTest(test);

const DEPLOYMENT = 'healthy-3-2';
// Once a year (1 January 08:00 UTC), so node-cron's real timers never fire during a test: the test
// moves the injected clock and calls the tasks itself.
const digest = {
  kind: 'readiness',
  deployment: DEPLOYMENT,
  cron: '0 8 1 1 *',
  timezone: 'UTC',
  channel: TARGET,
};

test.before(async (t) => {
  // A backup command that takes 2 s to answer keeps the backup running while the other replica asks.
  // Only that delay, in real milliseconds: the rest of the lab answers at once.
  t.context.lab = await healthyLab({ slowCommands: { '^backup ': 2000 } });
});
test.after.always((t) => t.context.lab?.close());

pgTest('two replicas on one PostgreSQL post a scheduled digest once', async (t) => {
  const clock = new FakeClock('2027-01-01T07:59:00Z');
  const { a, b, connector } = await twoReplicas(t, t.context.lab, clock, { schedules: [digest] });
  // Teams installs the app in the channel through replica A (the load balancer's pick).
  t.is((await postActivity(a.url, conversationUpdate(connector.url, 'membersAdded'))).status, 200);
  await waitFor(async () => (await b.services.store.conversations.get(TARGET)) !== undefined, {
    message: 'replica B sees the conversation reference stored through A',
  });
  t.is(connector.cards().length, 1, 'the welcome card, and nothing due before 08:00');
  connector.requests.length = 0;

  clock.set('2027-01-01T08:00:05Z');
  const tasks = [a, b].flatMap((r) => [...(r.bot.scheduler?.tasks().values() ?? [])]);
  t.is(tasks.length, 2, 'each replica armed the schedule');
  await Promise.all(tasks.map((task) => task.execute()));

  const posted = [a, b].map((r) => r.services.telemetry.postTargets()[TARGET]);
  t.is(posted.filter((p) => p?.ok).length, 1, 'exactly one replica posted it');
  t.true(connector.requests.length > 0);
  // One post in the channel; the rest of the digest in that post's reply thread.
  t.true(connector.requests.every((r) => r.channel === CHANNEL && r.status < 300));
  t.is(connector.requests.filter((r) => r.thread === undefined).length, 1);
  const first = connector.cards()[0]?.card;
  t.regex(JSON.stringify(first), /healthy-3-2/);
  const runs = await a.services.store.db.query('SELECT trigger FROM readiness_runs');
  t.deepEqual(runs, [{ trigger: 'schedule' }], 'one readiness run behind the digest');

  // Both replicas try the same fire again, directly: the claim is taken.
  const subs = await a.services.store.subscriptions.list();
  const at = new Date('2027-01-01T08:00:00Z');
  const again = await Promise.all([a, b].map((r) => r.bot.scheduler?.fire(subs, at)));
  t.deepEqual(again, [[], []]);
});

pgTest('a backup requested on one replica while the other runs one is refused', async (t) => {
  const clock = new FakeClock('2027-01-01T10:00:00Z');
  const { a, b } = await twoReplicas(t, t.context.lab, clock);
  const first = a.send('backup config --yes');
  // Replica A holds the deployment's backup lock in the shared store while ISE runs the backup.
  await waitFor(
    async () => (await b.services.store.locks.holder(`backup:${DEPLOYMENT}`, clock.now())) !== undefined,
    { message: "replica A's backup lock, seen from B" },
  );
  const second = await b.send('backup config --yes');
  t.is(second.status, 'error');
  t.regex(second.title, /^A config backup started by cli at 10:00 UTC is running on healthy-3-2\./);
  const done = await first;
  t.is(done.status, 'ok', done.title);
  const pan = t.context.lab.sshStats()[t.context.lab.pan.hostname];
  t.is(pan?.commands.filter((c) => /^backup /.test(c)).length, 1, 'ISE was asked for one backup');
});

pgTest("a Teams conversation reference stored by one replica is used by the other's post", async (t) => {
  const clock = new FakeClock('2027-01-01T10:00:00Z');
  const { a, b, connector } = await twoReplicas(t, t.context.lab, clock);
  t.is((await postActivity(a.url, conversationUpdate(connector.url, 'membersAdded'))).status, 200);
  await waitFor(async () => (await b.services.store.conversations.get(TARGET)) !== undefined, {
    message: 'replica B sees the conversation reference stored through A',
  });
  connector.requests.length = 0; // the welcome card at install
  await b.bot.poster.post(
    TARGET,
    reply('certs', 'Certificates expiring', 'warn', { sections: [section('x', [])] }),
  );
  const [sent] = connector.requests;
  t.is(sent?.method, 'POST');
  t.is(sent?.conversationId, CHANNEL);
  t.is(sent?.status, 201);
  t.regex(JSON.stringify(connector.cards()[0]?.card), /Certificates expiring/);
});

pgTest(
  'a replica that starts finds a backup a dead replica left running and reports it in its Teams channel',
  async (t) => {
    const clock = new FakeClock('2027-01-01T10:00:00Z');
    const { a, connector, another } = await twoReplicas(t, t.context.lab, clock);
    t.is((await postActivity(a.url, conversationUpdate(connector.url, 'membersAdded'))).status, 200);
    // As a replica leaves it when it dies mid-backup: running in the store, nobody renewing its lock.
    await a.services.store.backups.start({
      id: 'job-orphan',
      deployment: DEPLOYMENT,
      kind: 'config',
      repository: 'backup-sftp',
      name: 'healthy-3-2-config-20270101T095500',
      actor: 'teams:operator-aad',
      channel: TARGET,
      startedAt: new Date('2027-01-01T09:55:00Z'),
    });
    const c = await another();
    await c.bot.recovered;
    const job = await a.services.store.backups.get('job-orphan');
    t.is(job?.status, 'interrupted', 'ISE has no trace of it, so it did not complete');
    t.true(connector.requests.some((r) => r.conversationId === CHANNEL && r.status < 300));
    t.regex(JSON.stringify(connector.cards().at(-1)?.card), /healthy-3-2-config-20270101T095500/);
  },
);
