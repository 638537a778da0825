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
});

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
