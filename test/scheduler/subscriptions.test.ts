import test, { type ExecutionContext } from 'ava';
import { createDispatcher } from '../../commands/dispatcher.js';
import { COMMANDS } from '../../commands/index.js';
import type { Invocation } from '../../commands/types.js';
import { parseConfig } from '../../src/config/load.js';
import type { Reply } from '../../src/reply/model.js';
import { Redactor } from '../../src/secrets.js';
import type { Services } from '../../src/services.js';
import { openStore, Store } from '../../src/store/store.js';
import { newSubscriptionId, Subscriptions } from '../../src/store/subscriptions.js';
import { freshStoreUrl, type StoreKind, storeTest } from '../helpers/stores.js';
import { close, FakeClock, harness, weekdayDigest } from './helpers.js';

const ACCESS = {
  admins: ['slack:UADMIN', 'cli'],
  operators: ['slack:UOPERATOR'],
  viewers: ['*'],
};
const say = (text: string, user = 'slack:UADMIN', channel = 'slack:C1'): Invocation => ({
  platform: 'slack',
  user,
  channel,
  text,
});
const cli = (text: string): Invocation => ({ platform: 'cli', user: 'cli', channel: 'cli', text });
const entry = { ...weekdayDigest, createdBy: 'slack:UADMIN' };
const at = new Date('2026-11-30T10:00:00Z');
const A = 'aaaaaaaaaaaaaaaa';
const B = 'bbbbbbbbbbbbbbbb';

/** An id generator that hands out `ids` in order, then keeps repeating the last one. */
function ids(...list: string[]): () => string {
  let n = 0;
  return () => list[Math.min(n++, list.length - 1)] ?? '';
}

/** The bot's store with the subscription ids chosen by the test (everything else as shipped). */
function storeWithIds(store: Store, services: Services, newId: () => string): Store {
  return new (class extends Store {
    override readonly subscriptions = new Subscriptions(store.db, newId);
  })(store.db, services.redactor, services.log);
}

async function bot(
  t: ExecutionContext,
  options: { kind?: StoreKind; config?: Record<string, unknown>; schedules?: unknown[] } = {},
) {
  const clock = new FakeClock('2026-11-30T10:00:00Z');
  const h = await harness(clock, {
    storeUrl: await freshStoreUrl(options.kind ?? 'sqlite'),
    config: { access: ACCESS, ...options.config },
    ...(options.schedules ? { schedules: options.schedules } : {}),
  });
  t.teardown(() => close(h));
  const send = (invocation: Invocation) => createDispatcher(COMMANDS, h.services).dispatch(invocation);
  return { h, send };
}

const idOf = (answer: Reply) => (answer.data?.subscription as { id?: string } | undefined)?.id;

storeTest('new subscription ids carry 64 random bits', async (t, kind) => {
  const store = await openStore(await freshStoreUrl(kind), new Redactor());
  t.teardown(() => store.close());
  const made = await store.subscriptions.add(entry, at);
  t.regex(made.subscription.id, /^[0-9a-f]{16}$/);
  t.not(newSubscriptionId(), newSubscriptionId());
});

storeTest(
  'an id already taken is retried with a fresh one, and a row never stored is never "created"',
  async (t, kind) => {
    const store = await openStore(await freshStoreUrl(kind), new Redactor());
    t.teardown(() => store.close());
    const subs = new Subscriptions(store.db, ids(A, A, B));
    const first = await subs.add(entry, at);
    const second = await subs.add({ ...entry, kind: 'certs' }, at);
    t.deepEqual([first.created, first.subscription.id], [true, A]);
    t.deepEqual([second.created, second.subscription.id], [true, B], 'the colliding id was replaced');
    t.is((await store.subscriptions.get(B))?.kind, 'certs');
    t.is((await store.subscriptions.get(A))?.kind, 'readiness', 'the first keeps its row');

    const stuck = new Subscriptions(store.db, ids(A));
    await t.throwsAsync(stuck.add({ ...entry, channel: 'slack:C2' }, at), {
      message: /no free subscription id/,
    });
    t.deepEqual((await store.subscriptions.list()).map((s) => s.id).sort(), [A, B]);
  },
);

storeTest('subscribe after an id collision answers with the subscription it stored', async (t, kind) => {
  const { h, send } = await bot(t, { kind });
  const store = storeWithIds(h.services.store, h.services, ids(A, A, B));
  const dispatch = createDispatcher(COMMANDS, { ...h.services, store }).dispatch;
  t.is(idOf(await dispatch(say('subscribe readiness "0 8 * * 1-5" Europe/Berlin'))), A);

  const answer = await dispatch(say('subscribe certs "0 9 * * *" UTC'));
  t.is(answer.status, 'ok');
  t.regex(answer.title, /^Subscribed slack:C1 to certificate-expiry warnings/);
  t.is(idOf(answer), B);
  t.regex(answer.lead ?? '', new RegExp(`unsubscribe ${B}`));
  t.deepEqual(
    (await h.services.store.subscriptions.list()).map((s) => [s.id, s.kind, s.cron]),
    [
      [A, 'readiness', '0 8 * * 1-5'],
      [B, 'certs', '0 9 * * *'],
    ],
  );
  t.is((await send(say(`unsubscribe ${B}`))).status, 'ok');
  t.deepEqual(
    (await h.services.store.subscriptions.list()).map((s) => s.id),
    [A],
    'unsubscribe of the retried id removes that one only',
  );
});

test('subscribe never answers "Subscribed" when no id could be stored', async (t) => {
  const { h } = await bot(t);
  const store = storeWithIds(h.services.store, h.services, ids(A));
  const dispatch = createDispatcher(COMMANDS, { ...h.services, store }).dispatch;
  t.is((await dispatch(say('subscribe readiness "0 8 * * 1-5" Europe/Berlin'))).status, 'ok');
  const answer = await dispatch(say('subscribe certs "0 9 * * *" UTC'));
  t.is(answer.status, 'error');
  t.notRegex(`${answer.title} ${answer.lead ?? ''}`, /Subscribed/);
  t.deepEqual(
    (await h.services.store.subscriptions.list()).map((s) => s.kind),
    ['readiness'],
  );
});

storeTest(
  'a subscription with a 6-digit id from an older version is listed and can be unsubscribed',
  async (t, kind) => {
    const { h, send } = await bot(t, { kind });
    await h.services.store.db.run(
      `INSERT INTO subscriptions (id, kind, deployment, cron, timezone, channel, source, created_by, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ['3f9a2c', 'certs', 'prod', '0 9 * * *', 'UTC', 'slack:C1', 'chat', 'slack:UADMIN', at.getTime()],
    );
    const listed = await send(say('subscriptions', 'slack:UVIEWER'));
    t.deepEqual(
      ((listed.data?.subscriptions ?? []) as Array<{ id: string }>).map((s) => s.id),
      ['3f9a2c'],
    );
    const same = await send(say('subscribe certs "0 9 * * *" UTC'));
    t.is(idOf(same), '3f9a2c', 'the same order again is the old subscription');
    t.is((await send(say('unsubscribe 3f9a2c'))).status, 'ok');
    t.deepEqual(await h.services.store.subscriptions.list(), []);
  },
);

test('subscribe --channel refuses a channel outside access.channels, audited, and accepts one inside', async (t) => {
  const { h, send } = await bot(t, {
    config: { access: { ...ACCESS, channels: ['slack:C1', 'teams:19:ops'] } },
  });
  const refused = await send(say('subscribe certs "0 9 * * *" UTC --channel slack:C9'));
  t.is(refused.status, 'error');
  t.regex(refused.title, /may not post to slack:C9/);
  t.regex(refused.lead ?? '', /access\.channels/);
  const fromCli = await send(cli('subscribe certs "0 9 * * *" UTC --channel slack:C9'));
  t.regex(fromCli.title, /may not post to slack:C9/, 'the CLI is held to the allow-list too');
  t.deepEqual(await h.services.store.subscriptions.list(), []);
  const audit = (await h.services.store.audit.latest(10)).filter((e) => e.action === 'subscribe');
  t.deepEqual(
    audit.map((e) => [e.outcome, e.detail]),
    [
      ['refused', 'channel not in access.channels'],
      ['refused', 'channel not in access.channels'],
    ],
  );

  const allowed = await send(cli('subscribe certs "0 9 * * *" UTC --channel teams:19:ops'));
  t.is(allowed.status, 'ok', allowed.title);
  t.deepEqual(
    (await h.services.store.subscriptions.list()).map((s) => s.channel),
    ['teams:19:ops'],
  );
});

test('subscription limits default to 10 per channel and 50 per deployment', (t) => {
  const loaded = parseConfig(
    { deployments: [{ name: 'prod', pan: 'pan', rest: { username: 'u', password: 'password1' } }] },
    {},
    undefined,
    process.cwd(),
  );
  t.is(loaded.config.limits.subscriptionsPerChannel, 10);
  t.is(loaded.config.limits.subscriptionsPerDeployment, 50);
});

test('subscribe refuses a channel at its limit, naming the limit, the key and unsubscribe; config ones count', async (t) => {
  const { createdBy: _, ...fromConfig } = { ...entry, cron: '0 7 * * *' };
  const { h, send } = await bot(t, {
    config: { limits: { subscriptionsPerChannel: 2 } },
    schedules: [fromConfig],
  });
  await h.services.store.subscriptions.syncConfig([fromConfig], at);
  t.is((await send(say('subscribe certs "0 9 * * *" UTC'))).status, 'ok');

  const refused = await send(say('subscribe readiness "0 8 * * 1-5" UTC'));
  t.is(refused.status, 'error');
  t.is(refused.title, 'slack:C1 already has 2 subscriptions, the most allowed per channel.');
  t.regex(refused.lead ?? '', /`unsubscribe <id>` removes one/);
  t.regex(refused.lead ?? '', /`limits\.subscriptionsPerChannel`/);
  t.is((await h.services.store.subscriptions.list()).length, 2);
  const [last] = await h.services.store.audit.latest(1);
  t.deepEqual(
    [last?.action, last?.outcome, last?.detail],
    ['subscribe', 'refused', 'limits.subscriptionsPerChannel (2) reached'],
  );

  const again = await send(say('subscribe certs "0 9 * * *" UTC'));
  t.is(again.status, 'info', 'one it already has is not refused');
  t.is((await send(say('subscribe readiness "0 8 * * 1-5" UTC', 'slack:UADMIN', 'slack:C2'))).status, 'ok');

  const id = (await h.services.store.subscriptions.list()).find((s) => s.kind === 'certs')?.id;
  t.is((await send(say(`unsubscribe ${id}`))).status, 'ok');
  t.is(
    (await send(say('subscribe readiness "0 8 * * 1-5" UTC'))).status,
    'ok',
    'room again after unsubscribe',
  );
});

test('subscribe refuses a deployment at its limit; other deployments still subscribe', async (t) => {
  const { h, send } = await bot(t, {
    config: {
      deployments: [
        { name: 'prod', pan: 'pan.example.com', rest: { username: 'u', password: 'Rest-Secret-1' } },
        { name: 'lab', pan: 'lab.example.com', rest: { username: 'u', password: 'Rest-Secret-1' } },
      ],
      limits: { subscriptionsPerDeployment: 2 },
    },
  });
  t.is((await send(say('subscribe certs "0 9 * * *" UTC --deployment prod'))).status, 'ok');
  t.is(
    (await send(say('subscribe certs "0 9 * * *" UTC --deployment prod', 'slack:UADMIN', 'slack:C2'))).status,
    'ok',
  );
  const refused = await send(
    say('subscribe readiness "0 8 * * *" UTC --deployment prod', 'slack:UADMIN', 'slack:C3'),
  );
  t.is(refused.title, 'Deployment prod already has 2 subscriptions, the most allowed per deployment.');
  t.regex(refused.lead ?? '', /`unsubscribe <id>` removes one/);
  t.regex(refused.lead ?? '', /`limits\.subscriptionsPerDeployment`/);
  const lab = await send(
    say('subscribe readiness "0 8 * * *" UTC --deployment lab', 'slack:UADMIN', 'slack:C3'),
  );
  t.is(lab.status, 'ok', lab.title);
  t.deepEqual(
    (await h.services.store.subscriptions.list()).map((s) => `${s.deployment} ${s.channel}`).sort(),
    ['lab slack:C3', 'prod slack:C1', 'prod slack:C2'],
  );
});

test('subscriptions shows viewers and operators this channel only, and admins and the CLI every channel', async (t) => {
  const { send } = await bot(t);
  await send(say('subscribe certs "0 9 * * *" UTC', 'slack:UADMIN', 'slack:C1'));
  await send(say('subscribe readiness "0 8 * * 1-5" Europe/Berlin', 'slack:UADMIN', 'slack:C2'));
  const channels = (answer: Reply) =>
    ((answer.data?.subscriptions ?? []) as Array<{ channel: string }>).map((s) => s.channel).sort();

  const viewer = await send(say('subscriptions', 'slack:UVIEWER', 'slack:C1'));
  t.is(viewer.title, '1 subscription in this channel');
  t.deepEqual(channels(viewer), ['slack:C1']);
  t.notRegex(JSON.stringify(viewer), /slack:C2/, 'nothing about the other channel');
  const operator = await send(say('subscriptions', 'slack:UOPERATOR', 'slack:C2'));
  t.deepEqual(channels(operator), ['slack:C2']);
  const elsewhere = await send(say('subscriptions', 'slack:UVIEWER', 'slack:C3'));
  t.is(elsewhere.title, 'No subscriptions in this channel');
  t.deepEqual(channels(elsewhere), []);

  const admin = await send(say('subscriptions', 'slack:UADMIN', 'slack:C1'));
  t.is(admin.title, '2 subscriptions in all channels');
  t.deepEqual(channels(admin), ['slack:C1', 'slack:C2']);
  t.regex(admin.lead ?? '', /1 of them posts to this channel/);
  t.deepEqual(channels(await send(cli('subscriptions'))), ['slack:C1', 'slack:C2']);
});
