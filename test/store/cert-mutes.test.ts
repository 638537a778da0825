import { Redactor } from '../../src/secrets.js';
import { openStore } from '../../src/store/store.js';
import { freshStoreUrl, storeTest } from '../helpers/stores.js';

const DAY = 86_400_000;
const T0 = new Date('2026-03-01T09:00:00Z');
const later = (days: number) => new Date(T0.getTime() + days * DAY);

const open = async (kind: 'sqlite' | 'postgres') => openStore(await freshStoreUrl(kind), new Redactor());

storeTest('a mute is active until its end, per deployment, and gone after unmute', async (t, kind) => {
  const store = await open(kind);
  t.teardown(() => store.close());
  const mutes = store.certMutes;
  await mutes.mute({
    deployment: 'prod',
    fingerprint: 'aa11',
    until: later(30),
    by: 'slack:UADMIN',
    at: T0,
    reason: 'replacement ordered',
    label: 'ise-pan1 · Admin · Admin (system)',
  });
  await mutes.mute({
    deployment: 'lab',
    fingerprint: 'aa11',
    until: later(5),
    by: 'cli',
    at: T0,
    label: 'x',
  });
  const prod = await mutes.active('prod', later(1));
  t.deepEqual(prod, [
    {
      deployment: 'prod',
      fingerprint: 'aa11',
      until: later(30),
      by: 'slack:UADMIN',
      at: T0,
      reason: 'replacement ordered',
      label: 'ise-pan1 · Admin · Admin (system)',
    },
  ]);
  t.deepEqual(
    (await mutes.active('lab', later(6))).map((m) => m.fingerprint),
    [],
    'a mute past its end is not active',
  );
  t.deepEqual((await mutes.active('prod', later(30))).length, 0, 'it ends at its end');

  t.is((await mutes.unmute('prod', 'aa11', later(2)))?.by, 'slack:UADMIN', 'unmute returns what it ended');
  t.deepEqual(await mutes.active('prod', later(2)), []);
  t.is(await mutes.unmute('prod', 'aa11', later(2)), undefined, 'nothing left to unmute');
  t.is(await mutes.unmute('lab', 'aa11', later(6)), undefined, 'an ended mute is not reported as ended now');
  t.deepEqual(
    [...(await mutes.ended('prod', later(2))).values()].map((m) => [m.fingerprint, m.until.toISOString()]),
    [['aa11', later(2).toISOString()]],
    'a lifted mute is kept as ended at the moment it was lifted',
  );
  t.deepEqual([...(await mutes.ended('lab', later(6))).keys()], ['aa11'], 'one that ran out too');
  t.is((await mutes.ended('lab', later(4))).size, 0, 'not before its end');
});

storeTest(
  'a rung told before a mute that ended is told again once per channel; a failed post puts it back',
  async (t, kind) => {
    const store = await open(kind);
    t.teardown(() => store.close());
    const alerts = store.certAlerts;
    const key = { channel: 'slack:C1', deployment: 'prod', fingerprint: 'aa11', threshold: 30 };
    await alerts.claim({ ...key, node: 'ise-pan1', slot: 'system|ise-pan1|Admin', sentAt: T0 });
    const mutedAt = later(1);
    t.true(await alerts.retell(key, mutedAt, later(6)));
    t.false(
      await alerts.retell(key, mutedAt, later(6)),
      'another replica or a second fire does not repeat it',
    );
    t.false(await alerts.retell({ ...key, channel: 'slack:C2' }, mutedAt, later(6)), 'never told there');
    await alerts.untell(key, mutedAt);
    t.true(await alerts.retell(key, mutedAt, later(7)), 'after a failed post the next fire tries again');
    await alerts.resolve('slack:C1', 'prod', 'aa11', later(8));
    await alerts.untell(key, mutedAt);
    t.false(await alerts.retell(key, mutedAt, later(9)), 'a resolved certificate is not told again');
  },
);

storeTest('muting again replaces the end and who muted it', async (t, kind) => {
  const store = await open(kind);
  t.teardown(() => store.close());
  const base = { deployment: 'prod', fingerprint: 'bb22', label: 'EAP' };
  await store.certMutes.mute({ ...base, until: later(30), by: 'slack:U1', at: T0, reason: 'first' });
  await store.certMutes.mute({ ...base, until: later(7), by: 'slack:U2', at: later(1) });
  const [only, ...rest] = await store.certMutes.active('prod', later(2));
  t.is(rest.length, 0);
  t.is(only?.by, 'slack:U2');
  t.deepEqual(only?.until, later(7));
  t.is(only?.reason, undefined, 'the old reason does not stick to the new mute');
});
