import type { ExecutionContext } from 'ava';
import { Redactor } from '../../src/secrets.js';
import { MIGRATIONS, migrate } from '../../src/store/migrations.js';
import { openPostgres } from '../../src/store/postgres.js';
import { openSqlite } from '../../src/store/sqlite.js';
import { openStore } from '../../src/store/store.js';
import { freshStoreUrl, storeCases } from '../helpers/stores.js';
import { weekdayDigest as entry } from './helpers.js';

const at = (iso: string) => new Date(iso);

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

  test(`${kind}: claims from before the lease migration become one fire per schedule; a lost one can be taken over`, async (t) => {
    const url = await freshStoreUrl(kind);
    const db = url.startsWith('sqlite:') ? openSqlite(url.slice('sqlite:'.length)) : openPostgres(url);
    t.teardown(() => db.close());
    // The schema as version 2 left it, with what the old per-subscription claims looked like.
    await db.run(
      'CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
    );
    for (const m of MIGRATIONS.filter((m) => m.version <= 2)) {
      for (const sql of m.sql) await db.run(sql);
      await db.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, 0)', [
        m.version,
        m.name,
      ]);
    }
    for (const [id, channel] of [
      ['s1', 'slack:C1'],
      ['s2', 'slack:C2'],
    ] as const)
      await db.run(
        `INSERT INTO subscriptions (id, kind, deployment, cron, timezone, channel, source, created_by, created_at)
         VALUES (?, 'readiness', 'prod', '0 8 * * *', 'UTC', ?, 'chat', 'slack:U1', 0)`,
        [id, channel],
      );
    const day1 = at('2026-11-29T08:00:00Z').getTime();
    const day2 = at('2026-11-30T08:00:00Z').getTime();
    const claims: Array<[string, number, string | null]> = [
      ['s1', day1, 'ok'],
      ['s2', day1, 'ok'],
      ['s1', day2, null], // its replica died mid-run
    ];
    for (const [id, fireAt, outcome] of claims)
      await db.run(
        'INSERT INTO fire_claims (subscription_id, fire_at, owner, claimed_at, outcome) VALUES (?, ?, ?, ?, ?)',
        [id, fireAt, 'old-replica', fireAt, outcome],
      );
    t.is(await migrate(db), MIGRATIONS.length - 2);
    const store = await openStore(url, new Redactor());
    t.teardown(() => store.close());
    const schedule = 'readiness|prod|0 8 * * *|UTC';
    t.like(await store.fireClaims.latest(schedule, at('2026-11-29T00:00:00Z')), {
      fireAt: at('2026-11-30T08:00:00Z'),
      owner: 'old-replica',
    });
    t.is((await store.fireClaims.latest(schedule))?.outcome, undefined);
    const lost = await store.fireClaims.abandoned(schedule, at('2026-11-30T08:10:00Z'));
    t.deepEqual(
      lost.map((c) => c.fireAt),
      [at('2026-11-30T08:00:00Z')],
      'only the unfinished fire, once for both subscriptions',
    );
    const fire = { schedule, fireAt: at('2026-11-30T08:00:00Z') };
    t.like(await store.fireClaims.claim(fire, 'new', at('2026-11-30T08:10:00Z'), 60_000), {
      how: 'taken-over',
    });
    const [{ n } = { n: 0 }] = await store.db.query<{ n: number }>('SELECT COUNT(*) AS n FROM fires');
    t.is(Number(n), 2);
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
