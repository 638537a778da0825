import type { Db } from './db.js';

/**
 * Schema migrations, applied in order, each once, recorded in `schema_migrations`. Portable SQL only
 * (see db.ts). Never edit a released migration: add the next one.
 */
export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string[] }> = [
  {
    version: 1,
    name: 'initial',
    sql: [
      `CREATE TABLE audit_log (
        id BIGINT NOT NULL, at BIGINT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
        target TEXT, outcome TEXT NOT NULL, detail TEXT, correlation_id TEXT, PRIMARY KEY (id))`,
      'CREATE INDEX audit_log_at ON audit_log (at)',
      `CREATE TABLE readiness_runs (
        id TEXT PRIMARY KEY, deployment TEXT NOT NULL, at BIGINT NOT NULL, actor TEXT NOT NULL,
        target TEXT, release TEXT, summary TEXT NOT NULL, findings TEXT NOT NULL, trigger TEXT NOT NULL)`,
      'CREATE INDEX readiness_runs_deployment_at ON readiness_runs (deployment, at)',
      `CREATE TABLE acks (
        deployment TEXT NOT NULL, check_id TEXT NOT NULL, actor TEXT NOT NULL, at BIGINT NOT NULL,
        release_key TEXT NOT NULL, note TEXT, PRIMARY KEY (deployment, check_id))`,
      `CREATE TABLE host_keys (
        deployment TEXT NOT NULL, hostname TEXT NOT NULL, fingerprint TEXT NOT NULL, at BIGINT NOT NULL,
        PRIMARY KEY (deployment, hostname))`,
      `CREATE TABLE conversation_refs (
        target TEXT PRIMARY KEY, reference TEXT NOT NULL, updated_at BIGINT NOT NULL, gone_at BIGINT, gone_reason TEXT)`,
      `CREATE TABLE subscriptions (
        id TEXT PRIMARY KEY, kind TEXT NOT NULL, deployment TEXT NOT NULL, cron TEXT NOT NULL,
        timezone TEXT NOT NULL, channel TEXT NOT NULL, source TEXT NOT NULL, created_by TEXT NOT NULL,
        created_at BIGINT NOT NULL)`,
      `CREATE TABLE fire_claims (
        subscription_id TEXT NOT NULL, fire_at BIGINT NOT NULL, owner TEXT NOT NULL, claimed_at BIGINT NOT NULL,
        outcome TEXT, PRIMARY KEY (subscription_id, fire_at))`,
      `CREATE TABLE cert_alerts (
        channel TEXT NOT NULL, fingerprint TEXT NOT NULL, threshold BIGINT NOT NULL, deployment TEXT NOT NULL,
        node TEXT NOT NULL, usage TEXT NOT NULL, sent_at BIGINT NOT NULL, thread TEXT, resolved_at BIGINT,
        PRIMARY KEY (channel, fingerprint, threshold))`,
      `CREATE TABLE locks (name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at BIGINT NOT NULL)`,
      `CREATE TABLE backup_jobs (
        id TEXT PRIMARY KEY, deployment TEXT NOT NULL, kind TEXT NOT NULL, repository TEXT NOT NULL,
        name TEXT NOT NULL, actor TEXT NOT NULL, channel TEXT, thread TEXT, status TEXT NOT NULL,
        file TEXT, message TEXT, started_at BIGINT NOT NULL, finished_at BIGINT)`,
      'CREATE INDEX backup_jobs_deployment ON backup_jobs (deployment, started_at)',
    ],
  },
  {
    // Audit ids were "ms * 1000 + random(0-999)": two events in one millisecond collided on the
    // primary key about once in a thousand. Ids are now UUIDv7 text (src/util/uuid7.ts), unique by
    // construction; old numeric ids are kept as their decimal text. Order is (at, id).
    version: 2,
    name: 'audit ids are UUIDv7',
    sql: [
      `CREATE TABLE audit_log_v2 (
        id TEXT NOT NULL, at BIGINT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
        target TEXT, outcome TEXT NOT NULL, detail TEXT, correlation_id TEXT, PRIMARY KEY (id))`,
      `INSERT INTO audit_log_v2 (id, at, actor, action, target, outcome, detail, correlation_id)
        SELECT CAST(id AS TEXT), at, actor, action, target, outcome, detail, correlation_id FROM audit_log`,
      'DROP TABLE audit_log',
      'ALTER TABLE audit_log_v2 RENAME TO audit_log',
      'CREATE INDEX audit_log_at_id ON audit_log (at, id)',
    ],
  },
  {
    // Claims were per subscription and had no lease: a replica dying mid-run left a claim nobody
    // finished or took over. A fire is now one schedule (kind|deployment|cron|zone) at one slot, shared
    // by all its subscriptions, with a lease; posts are recorded per fire and channel. Old claims are
    // carried over per schedule; one left with no outcome gets an expired lease (taken over if still
    // within the catch-up window, otherwise closed as skipped).
    version: 3,
    name: 'fire claims are leases per fire, with posts recorded per channel',
    sql: [
      `CREATE TABLE fires (
        schedule TEXT NOT NULL, fire_at BIGINT NOT NULL, owner TEXT NOT NULL, claimed_at BIGINT NOT NULL,
        lease_until BIGINT NOT NULL, outcome TEXT, finished_at BIGINT, taken_over_from TEXT,
        PRIMARY KEY (schedule, fire_at))`,
      `CREATE TABLE fire_posts (
        schedule TEXT NOT NULL, fire_at BIGINT NOT NULL, channel TEXT NOT NULL, post_id TEXT NOT NULL,
        posted_at BIGINT NOT NULL, PRIMARY KEY (schedule, fire_at, channel))`,
      `INSERT INTO fires (schedule, fire_at, owner, claimed_at, lease_until, outcome, finished_at, taken_over_from)
        SELECT s.kind || '|' || s.deployment || '|' || TRIM(s.cron) || '|' || s.timezone, c.fire_at,
          MIN(c.owner), MIN(c.claimed_at), MIN(c.claimed_at),
          MAX(CASE WHEN c.outcome = 'ok' THEN 'posted' ELSE c.outcome END), NULL, NULL
        FROM fire_claims c JOIN subscriptions s ON s.id = c.subscription_id
        GROUP BY s.kind || '|' || s.deployment || '|' || TRIM(s.cron) || '|' || s.timezone, c.fire_at`,
      'DROP TABLE fire_claims',
    ],
  },
  {
    // The alert key lacked the deployment: the same wildcard certificate in two deployments posting to
    // one channel shared its rungs, so the second deployment's warning was never posted. And "expired"
    // is one rung now (-1), no longer one a day: the old daily rows (-2, -3, …) collapse into it, the
    // newest of them kept (its thread is where a renewal answers), so an upgrade neither repeats
    // "expired" nor loses the thread.
    version: 4,
    name: 'certificate alerts keyed by deployment; one expired rung',
    sql: [
      `CREATE TABLE cert_alerts_v4 (
        channel TEXT NOT NULL, deployment TEXT NOT NULL, fingerprint TEXT NOT NULL, threshold BIGINT NOT NULL,
        node TEXT NOT NULL, usage TEXT NOT NULL, sent_at BIGINT NOT NULL, thread TEXT, resolved_at BIGINT,
        PRIMARY KEY (channel, deployment, fingerprint, threshold))`,
      // Newest first, so of the rows that collapse into one the newest stays. WHERE before ON CONFLICT:
      // SQLite needs it to parse an upsert after a SELECT.
      `INSERT INTO cert_alerts_v4 (channel, deployment, fingerprint, threshold, node, usage, sent_at, thread, resolved_at)
        SELECT channel, deployment, fingerprint, CASE WHEN threshold < 0 THEN -1 ELSE threshold END,
          node, usage, sent_at, thread, resolved_at
        FROM cert_alerts WHERE 1 = 1 ORDER BY sent_at DESC
        ON CONFLICT (channel, deployment, fingerprint, threshold) DO NOTHING`,
      'DROP TABLE cert_alerts',
      'ALTER TABLE cert_alerts_v4 RENAME TO cert_alerts',
    ],
  },
  {
    // An admin may silence the warnings about one certificate of one deployment for a while (`certs
    // mute`). Keyed like the alerts (deployment, fingerprint); a mute that ended is inert and replaced
    // by the next one. `label` is the certificate as it was named when muted, for listings.
    version: 5,
    name: 'certificate mutes',
    sql: [
      `CREATE TABLE cert_mutes (
        deployment TEXT NOT NULL, fingerprint TEXT NOT NULL, until_at BIGINT NOT NULL, muted_by TEXT NOT NULL,
        muted_at BIGINT NOT NULL, reason TEXT, label TEXT NOT NULL, PRIMARY KEY (deployment, fingerprint))`,
    ],
  },
];

export async function migrate(db: Db): Promise<number> {
  // Under the same lock: two replicas creating it at once on PostgreSQL collide in the catalog
  // (`IF NOT EXISTS` is not atomic there: duplicate key in pg_type).
  await db.transaction(async (tx) => {
    if (tx.dialect === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(7245001)');
    await tx.run(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
    );
  });
  let applied = 0;
  for (const migration of MIGRATIONS) {
    // Each migration in its own transaction; a second replica starting at the same time waits on the
    // lock, then sees the version recorded and skips it.
    const done = await db.transaction(async (tx) => {
      if (tx.dialect === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(7245001)');
      const [row] = await tx.query('SELECT version FROM schema_migrations WHERE version = ?', [
        migration.version,
      ]);
      if (row) return false;
      for (const sql of migration.sql) await tx.run(sql);
      await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
        migration.version,
        migration.name,
        Date.now(),
      ]);
      return true;
    });
    if (done) applied++;
  }
  return applied;
}
