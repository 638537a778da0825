import type { Db } from './db.js';

/** One certificate warning sent (or being sent) to one channel at one rung of the ladder. */
export interface CertAlert {
  channel: string;
  fingerprint: string;
  /** Ladder rung in days (90, 60, …, 1); negative for the daily reminders once expired (-1 = day 1). */
  threshold: number;
  deployment: string;
  node: string;
  /**
   * The certificate's slot (store, node, usage; see src/certs/slot.ts): a renewal is a new fingerprint
   * in the same slot. Kept in the `usage` column, which holds exactly what renewals are matched on.
   */
  slot: string;
  sentAt: Date;
  /** The platform thread of the message, when the poster returned one. */
  thread?: string;
  resolvedAt?: Date;
}

type Row = {
  channel: string;
  fingerprint: string;
  threshold: number;
  deployment: string;
  node: string;
  usage: string;
  sent_at: number;
  thread: string | null;
  resolved_at: number | null;
};

/** Fingerprints under this prefix are not certificates but a deployment's collection-failure episode. */
const FAILURE_PREFIX = '!collection-failure:';

/**
 * What every channel has been told about every certificate, so restarts and replicas never repeat a
 * warning: the primary key (channel, fingerprint, threshold) turns "send it" into a unique insert.
 */
export class CertAlerts {
  constructor(private readonly db: Db) {}

  /** True when this caller won the right to post the warning; false when it was already (being) sent. */
  async claim(alert: Omit<CertAlert, 'thread' | 'resolvedAt'>): Promise<boolean> {
    const changed = await this.db.run(
      `INSERT INTO cert_alerts (channel, fingerprint, threshold, deployment, node, usage, sent_at, thread, resolved_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL) ON CONFLICT (channel, fingerprint, threshold) DO NOTHING`,
      [
        alert.channel,
        alert.fingerprint,
        alert.threshold,
        alert.deployment,
        alert.node,
        alert.slot,
        alert.sentAt.getTime(),
      ],
    );
    return changed > 0;
  }

  /** The post failed: forget the claim so the next run tries again. */
  async release(channel: string, fingerprint: string, threshold: number): Promise<void> {
    await this.db.run('DELETE FROM cert_alerts WHERE channel = ? AND fingerprint = ? AND threshold = ?', [
      channel,
      fingerprint,
      threshold,
    ]);
  }

  async setThread(channel: string, fingerprint: string, threshold: number, thread: string): Promise<void> {
    await this.db.run(
      'UPDATE cert_alerts SET thread = ? WHERE channel = ? AND fingerprint = ? AND threshold = ?',
      [thread, channel, fingerprint, threshold],
    );
  }

  /** Unresolved warnings of one deployment in one channel, newest first. */
  async open(channel: string, deployment: string): Promise<CertAlert[]> {
    const rows = await this.db.query<Row>(
      `SELECT channel, fingerprint, threshold, deployment, node, usage, sent_at, thread, resolved_at FROM cert_alerts
       WHERE channel = ? AND deployment = ? AND resolved_at IS NULL AND fingerprint NOT LIKE '!%'
       ORDER BY sent_at DESC, threshold`,
      [channel, deployment],
    );
    return rows.map(fromRow);
  }

  /** Marks every rung of a certificate resolved; true for the one caller that did it (it posts the news). */
  async resolve(channel: string, fingerprint: string, at: Date): Promise<boolean> {
    const changed = await this.db.run(
      'UPDATE cert_alerts SET resolved_at = ? WHERE channel = ? AND fingerprint = ? AND resolved_at IS NULL',
      [at.getTime(), channel, fingerprint],
    );
    return changed > 0;
  }

  /** Starts a collection-failure episode; true only for the first failure of the episode. */
  async failureStarted(channel: string, deployment: string, at: Date): Promise<boolean> {
    return this.claim({
      channel,
      fingerprint: `${FAILURE_PREFIX}${deployment}`,
      threshold: 0,
      deployment,
      node: '',
      slot: '',
      sentAt: at,
    });
  }

  /** The failure was not announced after all (the post failed): the next failure tries again. */
  async failureUnannounced(channel: string, deployment: string): Promise<void> {
    await this.release(channel, `${FAILURE_PREFIX}${deployment}`, 0);
  }

  /** Ends the episode; true when there was one (so the recovery can be told once). */
  async failureEnded(channel: string, deployment: string): Promise<boolean> {
    const changed = await this.db.run('DELETE FROM cert_alerts WHERE channel = ? AND fingerprint = ?', [
      channel,
      `${FAILURE_PREFIX}${deployment}`,
    ]);
    return changed > 0;
  }
}

function fromRow(r: Row): CertAlert {
  return {
    channel: r.channel,
    fingerprint: r.fingerprint,
    threshold: Number(r.threshold),
    deployment: r.deployment,
    node: r.node,
    slot: r.usage,
    sentAt: new Date(Number(r.sent_at)),
    ...(r.thread === null ? {} : { thread: r.thread }),
    ...(r.resolved_at === null ? {} : { resolvedAt: new Date(Number(r.resolved_at)) }),
  };
}
