import type { ExecutionContext } from 'ava';
import { Redactor } from '../../src/secrets.js';
import { openStore } from '../../src/store/store.js';
import { freshStoreUrl, storeCases } from '../helpers/stores.js';

const at = (iso: string) => new Date(iso);
const entry = {
  kind: 'readiness' as const,
  deployment: 'prod',
  cron: '0 8 * * 1-5',
  timezone: 'Europe/Berlin',
  channel: 'slack:C1',
};

for (const { kind, test } of storeCases()) {
  const pair = async (t: ExecutionContext) => {
    const url = await freshStoreUrl(kind);
    const a = await openStore(url, new Redactor());
    const b = await openStore(url, new Redactor());
    t.teardown(async () => {
      await a.close();
      await b.close();
    });
    return [a, b] as const;
  };

  test(`${kind}: config subscriptions get the same ids on every replica and follow the config`, async (t) => {
    const [a, b] = await pair(t);
    const [fromA] = await a.subscriptions.syncConfig([entry], at('2026-11-30T00:00:00Z'));
    const [fromB] = await b.subscriptions.syncConfig([entry], at('2026-11-30T01:00:00Z'));
    t.is(fromA?.id, fromB?.id);
    t.deepEqual(fromB?.createdAt, at('2026-11-30T00:00:00Z'), 'the first replica’s creation time stays');
    const chat = await a.subscriptions.add(
      { ...entry, kind: 'certs', createdBy: 'slack:U1' },
      at('2026-11-30T02:00:00Z'),
    );
    t.true(chat.created);
    await b.subscriptions.syncConfig([], at('2026-11-30T03:00:00Z'));
    t.deepEqual(
      (await a.subscriptions.list()).map((s) => s.id),
      [chat.subscription.id],
      'the config one is gone, the chat one stays',
    );
  });

  test(`${kind}: a fire is claimed by exactly one replica`, async (t) => {
    const [a, b] = await pair(t);
    const fire = at('2026-11-30T07:00:00Z');
    const results = await Promise.all([
      a.fireClaims.claim('s1', fire, 'a', fire),
      b.fireClaims.claim('s1', fire, 'b', fire),
      a.fireClaims.claim('s1', fire, 'a', fire),
    ]);
    t.is(results.filter(Boolean).length, 1);
    t.false(await b.fireClaims.skip('s1', fire, 'b', fire));
    await a.fireClaims.finish('s1', fire, 'ok');
    t.is((await b.fireClaims.latest('s1'))?.outcome, 'ok');
  });

  test(`${kind}: a certificate alert is claimed once, released on a failed post, resolved once`, async (t) => {
    const [a, b] = await pair(t);
    const alert = {
      channel: 'slack:C1',
      fingerprint: 'AA',
      threshold: 30,
      deployment: 'prod',
      node: 'ise-pan1',
      slot: 'system|ise-pan1|Admin',
      sentAt: at('2026-11-30T09:00:00Z'),
    };
    t.true(await a.certAlerts.claim(alert));
    t.false(await b.certAlerts.claim(alert));
    const key = { channel: 'slack:C1', deployment: 'prod', fingerprint: 'AA', threshold: 30 };
    await a.certAlerts.release(key);
    t.true(await b.certAlerts.claim(alert));
    await b.certAlerts.setThread(key, '1700000000.0001');
    t.true(await a.certAlerts.failureStarted('slack:C1', 'prod', alert.sentAt));
    const open = await a.certAlerts.open('slack:C1', 'prod');
    t.deepEqual(
      open.map((o) => [o.fingerprint, o.slot, o.thread]),
      [['AA', 'system|ise-pan1|Admin', '1700000000.0001']],
      'failure episodes are not certificate alerts',
    );
    const resolved = await Promise.all([
      a.certAlerts.resolve('slack:C1', 'prod', 'AA', alert.sentAt),
      b.certAlerts.resolve('slack:C1', 'prod', 'AA', alert.sentAt),
    ]);
    t.is(resolved.filter(Boolean).length, 1);
    t.false(await b.certAlerts.failureStarted('slack:C1', 'prod', alert.sentAt), 'one episode');
    t.true(await b.certAlerts.failureEnded('slack:C1', 'prod'));
    t.false(await a.certAlerts.failureEnded('slack:C1', 'prod'));
  });
}
