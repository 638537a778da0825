import test from 'ava';
import { Redactor } from '../../src/secrets.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { openPostgres } from '../../src/store/postgres.js';
import { openSqlite } from '../../src/store/sqlite.js';
import { openStore } from '../../src/store/store.js';
import { uuid7Generator } from '../../src/util/uuid7.js';
import { capturingLogger } from '../helpers/services.js';
import { freshStoreUrl, storeTest } from '../helpers/stores.js';

const at = new Date('2026-11-26T10:00:00.123Z');

test('UUIDv7 ids from one millisecond are distinct, time-ordered as text and well formed', (t) => {
  const next = uuid7Generator();
  const ids = Array.from({ length: 5000 }, () => next(at));
  t.is(new Set(ids).size, ids.length);
  t.deepEqual([...ids].sort(), ids, 'strictly increasing as text');
  for (const id of ids.slice(0, 50))
    t.regex(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  t.is(ids[0]?.replace(/-/g, '').slice(0, 12), at.getTime().toString(16).padStart(12, '0'));
  const later = next(new Date(at.getTime() + 1));
  const earlier = next(new Date(at.getTime() - 60_000));
  t.true(later > (ids.at(-1) ?? ''), 'a later millisecond sorts after');
  t.true(earlier > later, 'a clock going back never repeats or reorders an id');
});

storeTest('3000 audit appends in one millisecond (fixed clock) are all stored', async (t, kind) => {
  const { log, lines } = capturingLogger(new Redactor());
  const store = await openStore(await freshStoreUrl(kind), new Redactor(), log);
  t.teardown(() => store.close());
  await Promise.all(
    Array.from({ length: 3000 }, (_, i) =>
      store.audit.append({ at, actor: `slack:U${i}`, action: 'ack', outcome: 'ok', target: `check-${i}` }),
    ),
  );
  t.deepEqual(lines, [], 'no audit write failed');
  const rows = await store.db.query<{ n: number }>('SELECT COUNT(*) AS n FROM audit_log');
  t.is(Number(rows[0]?.n), 3000);
  t.is((await store.audit.latest(1))[0]?.actor, 'slack:U2999', 'newest first within the millisecond');
});

storeTest('a failed audit write does not reject and is logged once with the whole entry', async (t, kind) => {
  const { log, lines } = capturingLogger(new Redactor().add('Backup0Key9'));
  const store = await openStore(await freshStoreUrl(kind), new Redactor(), log);
  await store.close();
  await t.notThrowsAsync(
    store.audit.append({
      at,
      actor: 'slack:U1',
      action: 'backup.config',
      outcome: 'started',
      detail: 'key Backup0Key9',
    }),
  );
  t.is(lines.length, 1);
  const line = JSON.parse(lines[0] ?? '{}') as { level: number; msg: string; audit: Record<string, string> };
  t.is(line.msg, 'audit write failed');
  t.is(line.level, 50, 'error level');
  t.like(line.audit, {
    actor: 'slack:U1',
    action: 'backup.config',
    outcome: 'started',
    at: at.toISOString(),
  });
  t.false(lines[0]?.includes('Backup0Key9'), 'the log line is redacted');
});

storeTest('migration 2 keeps audit rows written with the old numeric ids, in order', async (t, kind) => {
  const url = await freshStoreUrl(kind);
  const db = kind === 'sqlite' ? openSqlite(url.slice('sqlite:'.length)) : openPostgres(url);
  const [first] = MIGRATIONS;
  if (!first) throw new Error('no migrations');
  await db.run(
    'CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
  );
  for (const sql of first.sql) await db.run(sql);
  await db.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (1, ?, 0)', [first.name]);
  for (const [id, action] of [
    [1764151200000123, 'ack'],
    [1764151200000999, 'subscribe'],
  ] as const) {
    await db.run(
      "INSERT INTO audit_log (id, at, actor, action, outcome) VALUES (?, ?, 'slack:U1', ?, 'ok')",
      [id, 1764151200000, action],
    );
  }
  await db.close();

  const store = await openStore(url, new Redactor());
  t.teardown(() => store.close());
  await store.audit.append({ at: new Date(1764151200001), actor: 'slack:U2', action: 'ack', outcome: 'ok' });
  t.deepEqual(
    (await store.audit.latest(10)).map((e) => `${e.actor} ${e.action}`),
    ['slack:U2 ack', 'slack:U1 subscribe', 'slack:U1 ack'],
  );
});
