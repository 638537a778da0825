import { Redactor } from '../../src/secrets.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { openPostgres } from '../../src/store/postgres.js';
import { openSqlite } from '../../src/store/sqlite.js';
import { openStore } from '../../src/store/store.js';
import { freshStoreUrl, type StoreKind, storeTest } from '../helpers/stores.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T09:00:00Z');

/** A store as the bot left it before migration 4: alerts keyed without the deployment, a row per day expired. */
async function storeBefore4(kind: StoreKind): Promise<string> {
  const url = await freshStoreUrl(kind);
  const db = kind === 'sqlite' ? openSqlite(url.slice('sqlite:'.length)) : openPostgres(url);
  await db.run(
    'CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
  );
  for (const m of MIGRATIONS.filter((m) => m.version < 4)) {
    for (const sql of m.sql) await db.run(sql);
    await db.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, 0)', [
      m.version,
      m.name,
    ]);
  }
  const row = (fingerprint: string, threshold: number, day: number, thread: string | null) =>
    db.run(
      `INSERT INTO cert_alerts (channel, fingerprint, threshold, deployment, node, usage, sent_at, thread, resolved_at)
       VALUES ('slack:C1', ?, ?, 'prod', '', 'trusted||subject=CN=Old CA', ?, ?, NULL)`,
      [fingerprint, threshold, T0 + day * DAY, thread],
    );
  await row('CA:01', 7, -10, 'ts-7');
  await row('CA:01', -1, 0, 'ts-expired-1');
  await row('CA:01', -2, 1, 'ts-expired-2');
  await row('CA:01', -3, 2, 'ts-expired-3');
  // First seen already expired on its fifth day: no -1 row before.
  await row('CA:02', -5, 2, 'ts-late');
  await row('!collection-failure:prod', 0, 2, null);
  await db.close();
  return url;
}

storeTest(
  'migration 4 keys alerts by deployment and folds the daily "expired" rows into one, newest thread kept',
  async (t, kind) => {
    const store = await openStore(await storeBefore4(kind), new Redactor());
    t.teardown(() => store.close());
    const alerts = store.certAlerts;
    const open = await alerts.open('slack:C1', 'prod');
    t.deepEqual(open.map((a) => `${a.fingerprint} ${a.threshold} ${a.thread}`).sort(), [
      'CA:01 -1 ts-expired-3',
      'CA:01 7 ts-7',
      'CA:02 -1 ts-late',
    ]);
    const claim = (deployment: string, fingerprint: string, threshold: number) =>
      alerts.claim({
        channel: 'slack:C1',
        deployment,
        fingerprint,
        threshold,
        node: '',
        slot: '',
        sentAt: new Date(T0 + 3 * DAY),
      });
    t.false(await claim('prod', 'CA:01', -1), '"expired" is not said again after the upgrade');
    t.false(await claim('prod', 'CA:02', -1));
    t.true(await claim('lab', 'CA:01', 7), 'the same certificate in another deployment has its own rungs');
    t.true(await alerts.failureEnded('slack:C1', 'prod'), 'an open failure episode survives the upgrade');
    t.true(await alerts.resolve('slack:C1', 'prod', 'CA:01', new Date(T0 + 3 * DAY)));
    t.deepEqual(
      (await alerts.open('slack:C1', 'lab')).map((a) => a.fingerprint),
      ['CA:01'],
      'resolving in one deployment leaves the other open',
    );
  },
);

storeTest(
  'the expired reminder is claimed at most once a week per channel and deployment',
  async (t, kind) => {
    const store = await openStore(await freshStoreUrl(kind), new Redactor());
    t.teardown(() => store.close());
    const alerts = store.certAlerts;
    const at = (day: number, hours = 0) => new Date(T0 + day * DAY + hours * 3_600_000);
    t.true(await alerts.claimReminder('slack:C1', 'prod', at(0), 7));
    t.false(await alerts.claimReminder('slack:C1', 'prod', at(0, 1), 7), 'not twice a day');
    t.true(await alerts.claimReminder('slack:C1', 'lab', at(0), 7), 'each deployment its own');
    t.false(await alerts.claimReminder('slack:C1', 'prod', at(6, 14), 7));
    t.true(await alerts.claimReminder('slack:C1', 'prod', at(7), 7));
    await alerts.reminderUnsent('slack:C1', 'prod', at(7));
    t.true(await alerts.claimReminder('slack:C1', 'prod', at(7, 1), 7), 'a failed post is tried again');
  },
);
