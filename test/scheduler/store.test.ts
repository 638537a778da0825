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
    const fire = { schedule: 'readiness|prod|0 8 * * *|UTC', fireAt: at('2026-11-30T08:00:00Z') };
    const now = fire.fireAt;
    const results = await Promise.all([
      a.fireClaims.claim(fire, 'a', now, 60_000),
      b.fireClaims.claim(fire, 'b', now, 60_000),
      a.fireClaims.claim(fire, 'a', now, 60_000),
    ]);
    t.deepEqual(results.filter(Boolean), [{ how: 'new' }]);
    t.false(await b.fireClaims.skip(fire, 'b', now));
    const owner = (await b.fireClaims.latest(fire.schedule))?.owner ?? '';
    t.true(await a.fireClaims.finish(fire, owner, 'posted', now));
    t.is((await b.fireClaims.latest(fire.schedule))?.outcome, 'posted');
  });

  test(`${kind}: a claim whose lease ran out with no outcome is taken over by exactly one replica`, async (t) => {
    const [a, b] = await pair(t);
    const fire = { schedule: 'readiness|prod|0 8 * * *|UTC', fireAt: at('2026-11-30T08:00:00Z') };
    const claimed = at('2026-11-30T08:00:00Z');
    t.deepEqual(await a.fireClaims.claim(fire, 'dead', claimed, 60_000), { how: 'new' });
    t.true(await a.fireClaims.renew(fire, 'dead', at('2026-11-30T08:00:30Z'), 60_000));
    // Still held 60 s after the renewal's start, not after the claim.
    t.is(await b.fireClaims.claim(fire, 'b', at('2026-11-30T08:01:20Z'), 60_000), undefined);
    t.deepEqual(await b.fireClaims.abandoned(fire.schedule, at('2026-11-30T08:01:20Z')), []);
    const later = at('2026-11-30T08:01:31Z');
    t.is((await b.fireClaims.abandoned(fire.schedule, later)).length, 1);
    const takers = await Promise.all([
      a.fireClaims.claim(fire, 'a', later, 60_000),
      b.fireClaims.claim(fire, 'b', later, 60_000),
    ]);
    t.deepEqual(takers.filter(Boolean), [{ how: 'taken-over', from: 'dead' }]);
    const taker = takers[0] ? 'a' : 'b';
    t.false(await a.fireClaims.renew(fire, 'dead', later, 60_000), 'the dead owner lost it');
    t.false(await a.fireClaims.finish(fire, 'dead', 'failed', later));
    t.like(await a.fireClaims.latest(fire.schedule), { owner: taker, takenOverFrom: 'dead' });
    // Given back at shutdown: taken over at once, without waiting for the lease.
    t.true(await a.fireClaims.release(fire, taker, later));
    t.like(await b.fireClaims.claim(fire, 'c', later, 60_000), { how: 'taken-over', from: taker });
    t.true(await b.fireClaims.finish(fire, 'c', 'posted', later));
    t.is(await a.fireClaims.claim(fire, 'd', at('2026-11-30T09:00:00Z'), 60_000), undefined);
  });

  test(`${kind}: a post is recorded once per fire and channel`, async (t) => {
    const [a, b] = await pair(t);
    const fire = { schedule: 'readiness|prod|0 8 * * *|UTC', fireAt: at('2026-11-30T08:00:00Z') };
    t.is(await a.fireClaims.posted(fire, 'slack:C1'), undefined);
    await a.fireClaims.recordPost(fire, 'slack:C1', '1700000000.000100', fire.fireAt);
    await b.fireClaims.recordPost(fire, 'slack:C1', 'other', fire.fireAt);
    t.is(await b.fireClaims.posted(fire, 'slack:C1'), '1700000000.000100');
    t.is(await b.fireClaims.posted(fire, 'slack:C2'), undefined);
    t.is(await b.fireClaims.posted({ ...fire, fireAt: at('2026-12-01T08:00:00Z') }, 'slack:C1'), undefined);
    t.is(await a.fireClaims.prune(at('2026-12-01T00:00:00Z')), 0);
    t.is(await a.fireClaims.posted(fire, 'slack:C1'), undefined, 'pruned with old fires');
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
    await a.certAlerts.release('slack:C1', 'AA', 30);
    t.true(await b.certAlerts.claim(alert));
    await b.certAlerts.setThread('slack:C1', 'AA', 30, '1700000000.0001');
    t.true(await a.certAlerts.failureStarted('slack:C1', 'prod', alert.sentAt));
    const open = await a.certAlerts.open('slack:C1', 'prod');
    t.deepEqual(
      open.map((o) => [o.fingerprint, o.slot, o.thread]),
      [['AA', 'system|ise-pan1|Admin', '1700000000.0001']],
      'failure episodes are not certificate alerts',
    );
    const resolved = await Promise.all([
      a.certAlerts.resolve('slack:C1', 'AA', alert.sentAt),
      b.certAlerts.resolve('slack:C1', 'AA', alert.sentAt),
    ]);
    t.is(resolved.filter(Boolean).length, 1);
    t.false(await b.certAlerts.failureStarted('slack:C1', 'prod', alert.sentAt), 'one episode');
    t.true(await b.certAlerts.failureEnded('slack:C1', 'prod'));
    t.false(await a.certAlerts.failureEnded('slack:C1', 'prod'));
  });
}
