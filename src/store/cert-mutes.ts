import type { Db } from './db.js';

/** Warnings about one certificate of one deployment silenced by an admin until `until`. */
export interface CertMute {
  deployment: string;
  /** The certificate's key, as in the alert state (cert_alerts): its SHA-256 fingerprint. */
  fingerprint: string;
  until: Date;
  /** Who muted it, as the invocation named them (`slack:U123`). */
  by: string;
  at: Date;
  reason?: string;
  /** The certificate as it was named when muted (`ise-pan1 · Admin · Admin (system)`). */
  label: string;
}

type Row = {
  deployment: string;
  fingerprint: string;
  until_at: number;
  muted_by: string;
  muted_at: number;
  reason: string | null;
  label: string;
};

/**
 * Certificate mutes, per deployment and fingerprint. Muting again replaces the mute (a new end, by
 * whoever muted last); a mute past its end (or lifted) is no longer active, so the warnings resume.
 */
export class CertMutes {
  constructor(private readonly db: Db) {}

  async mute(mute: CertMute): Promise<void> {
    await this.db.run(
      `INSERT INTO cert_mutes (deployment, fingerprint, until_at, muted_by, muted_at, reason, label)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (deployment, fingerprint) DO UPDATE SET until_at = excluded.until_at,
         muted_by = excluded.muted_by, muted_at = excluded.muted_at, reason = excluded.reason, label = excluded.label`,
      [
        mute.deployment,
        mute.fingerprint,
        mute.until.getTime(),
        mute.by,
        mute.at.getTime(),
        mute.reason ?? null,
        mute.label,
      ],
    );
  }

  /**
   * Ends a mute now; returns it when one was active at `now` (undefined: nothing was muted). The row
   * stays, ended, so the warnings know a mute was lifted (see `ended`).
   */
  async unmute(deployment: string, fingerprint: string, now: Date): Promise<CertMute | undefined> {
    const [row] = await this.db.query<Row>(
      `SELECT deployment, fingerprint, until_at, muted_by, muted_at, reason, label FROM cert_mutes
       WHERE deployment = ? AND fingerprint = ? AND until_at > ?`,
      [deployment, fingerprint, now.getTime()],
    );
    if (!row) return undefined;
    const changed = await this.db.run(
      'UPDATE cert_mutes SET until_at = ? WHERE deployment = ? AND fingerprint = ? AND until_at > ?',
      [now.getTime(), deployment, fingerprint, now.getTime()],
    );
    return changed > 0 ? fromRow(row) : undefined;
  }

  /** The mutes of a deployment still in force at `now`, soonest end first. */
  async active(deployment: string, now: Date): Promise<CertMute[]> {
    const rows = await this.db.query<Row>(
      `SELECT deployment, fingerprint, until_at, muted_by, muted_at, reason, label FROM cert_mutes
       WHERE deployment = ? AND until_at > ? ORDER BY until_at, fingerprint`,
      [deployment, now.getTime()],
    );
    return rows.map(fromRow);
  }

  /**
   * The mutes of a deployment that ended by `now` (run out or lifted), by fingerprint: a warning told
   * before such a mute began is told again once (the alerts' `retell`).
   */
  async ended(deployment: string, now: Date): Promise<Map<string, CertMute>> {
    const rows = await this.db.query<Row>(
      `SELECT deployment, fingerprint, until_at, muted_by, muted_at, reason, label FROM cert_mutes
       WHERE deployment = ? AND until_at <= ?`,
      [deployment, now.getTime()],
    );
    return new Map(rows.map((r) => [r.fingerprint, fromRow(r)]));
  }
}

function fromRow(r: Row): CertMute {
  return {
    deployment: r.deployment,
    fingerprint: r.fingerprint,
    until: new Date(Number(r.until_at)),
    by: r.muted_by,
    at: new Date(Number(r.muted_at)),
    ...(r.reason === null ? {} : { reason: r.reason }),
    label: r.label,
  };
}
