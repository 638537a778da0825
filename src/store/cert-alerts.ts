import type { Db } from './db.js';

/** One certificate message sent (or being sent) to one channel about one deployment at one rung. */
export interface CertAlert {
  channel: string;
  /** Part of the key: the same wildcard certificate in two deployments is two certificates to warn about. */
  deployment: string;
  fingerprint: string;
  /**
   * Ladder rung in days (90, 60, …, 1); -1 once expired (one rung, told once); 0 for the "expiry not
   * readable" notice. Rows under the reserved fingerprints below use it for their own bookkeeping.
   */
  threshold: number;
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

/**
 * Fingerprints starting with `!` are not certificates: a failure episode (named by its deployment, as
 * before the deployment was part of the key, so an episode open across the upgrade still ends), the
 * weekly reminder.
 */
const FAILURE_PREFIX = '!collection-failure:';
const REMINDER = '!expired-reminder';
const DAY_MS = 86_400_000;

/**
 * What every channel has been told about every certificate of every deployment, so restarts and
 * replicas never repeat a warning: the primary key (channel, deployment, fingerprint, threshold)
 * turns "send it" into a unique insert.
 */
export class CertAlerts {
  constructor(private readonly db: Db) {}

  /** True when this caller won the right to post the warning; false when it was already (being) sent. */
  async claim(alert: Omit<CertAlert, 'thread' | 'resolvedAt'>): Promise<boolean> {
    const changed = await this.db.run(
      `INSERT INTO cert_alerts (channel, deployment, fingerprint, threshold, node, usage, sent_at, thread, resolved_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL) ON CONFLICT (channel, deployment, fingerprint, threshold) DO NOTHING`,
      [
        alert.channel,
        alert.deployment,
        alert.fingerprint,
        alert.threshold,
        alert.node,
        alert.slot,
        alert.sentAt.getTime(),
      ],
    );
    return changed > 0;
  }

  /**
   * A rung told before `before` (the start of a mute that has ended since) is told again, once per
   * channel: true for the one caller that moved its time to `at` and may post it. A resolved rung is
   * over and never told again.
   */
  async retell(key: AlertKey, before: Date, at: Date): Promise<boolean> {
    const changed = await this.db.run(
      `UPDATE cert_alerts SET sent_at = ? WHERE channel = ? AND deployment = ? AND fingerprint = ? AND threshold = ?
       AND sent_at < ? AND resolved_at IS NULL`,
      [at.getTime(), key.channel, key.deployment, key.fingerprint, key.threshold, before.getTime()],
    );
    return changed > 0;
  }

  /** The retelling could not be posted: put the rung back before the mute, so the next run tries again. */
  async untell(key: AlertKey, before: Date): Promise<void> {
    await this.db.run(
      'UPDATE cert_alerts SET sent_at = ? WHERE channel = ? AND deployment = ? AND fingerprint = ? AND threshold = ?',
      [before.getTime() - 1, key.channel, key.deployment, key.fingerprint, key.threshold],
    );
  }

  /** The post failed: forget the claim so the next run tries again. */
  async release(key: AlertKey): Promise<void> {
    await this.db.run(
      'DELETE FROM cert_alerts WHERE channel = ? AND deployment = ? AND fingerprint = ? AND threshold = ?',
      [key.channel, key.deployment, key.fingerprint, key.threshold],
    );
  }

  async setThread(key: AlertKey, thread: string): Promise<void> {
    await this.db.run(
      'UPDATE cert_alerts SET thread = ? WHERE channel = ? AND deployment = ? AND fingerprint = ? AND threshold = ?',
      [thread, key.channel, key.deployment, key.fingerprint, key.threshold],
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
  async resolve(channel: string, deployment: string, fingerprint: string, at: Date): Promise<boolean> {
    const changed = await this.db.run(
      `UPDATE cert_alerts SET resolved_at = ?
       WHERE channel = ? AND deployment = ? AND fingerprint = ? AND resolved_at IS NULL`,
      [at.getTime(), channel, deployment, fingerprint],
    );
    return changed > 0;
  }

  /** The news of a resolution could not be posted: open it again, so the next fire says it. */
  async reopen(channel: string, deployment: string, fingerprint: string): Promise<void> {
    await this.db.run(
      'UPDATE cert_alerts SET resolved_at = NULL WHERE channel = ? AND deployment = ? AND fingerprint = ?',
      [channel, deployment, fingerprint],
    );
  }

  /** Starts a collection-failure episode; true only for the first failure of the episode. */
  async failureStarted(channel: string, deployment: string, at: Date): Promise<boolean> {
    return this.claim({
      channel,
      deployment,
      fingerprint: `${FAILURE_PREFIX}${deployment}`,
      threshold: 0,
      node: '',
      slot: '',
      sentAt: at,
    });
  }

  /** The failure was not announced after all (the post failed): the next failure tries again. */
  async failureUnannounced(channel: string, deployment: string): Promise<void> {
    await this.release({ channel, deployment, fingerprint: `${FAILURE_PREFIX}${deployment}`, threshold: 0 });
  }

  /** Ends the episode; true when there was one (so the recovery can be told once). */
  async failureEnded(channel: string, deployment: string): Promise<boolean> {
    const changed = await this.db.run(
      'DELETE FROM cert_alerts WHERE channel = ? AND deployment = ? AND fingerprint = ?',
      [channel, deployment, `${FAILURE_PREFIX}${deployment}`],
    );
    return changed > 0;
  }

  /**
   * The weekly reminder of expired certificates: true for the one caller that may post it now, when
   * none was posted in the last `everyDays` days (counted in UTC days, so a fire at the same hour each
   * day reminds on the same weekday). The row's threshold is the UTC day number it was posted on.
   */
  async claimReminder(channel: string, deployment: string, at: Date, everyDays: number): Promise<boolean> {
    const today = Math.floor(at.getTime() / DAY_MS);
    const [last] = await this.db.query<{ day: number | null }>(
      'SELECT MAX(threshold) AS day FROM cert_alerts WHERE channel = ? AND deployment = ? AND fingerprint = ?',
      [channel, deployment, REMINDER],
    );
    if (last?.day !== null && last?.day !== undefined && today - Number(last.day) < everyDays) return false;
    const key = { channel, deployment, fingerprint: REMINDER, threshold: today };
    if (!(await this.claim({ ...key, node: '', slot: '', sentAt: at }))) return false;
    await this.db.run(
      'DELETE FROM cert_alerts WHERE channel = ? AND deployment = ? AND fingerprint = ? AND threshold < ?',
      [channel, deployment, REMINDER, today],
    );
    return true;
  }

  /** The reminder was not posted after all: the next fire tries again. */
  async reminderUnsent(channel: string, deployment: string, at: Date): Promise<void> {
    await this.release({
      channel,
      deployment,
      fingerprint: REMINDER,
      threshold: Math.floor(at.getTime() / DAY_MS),
    });
  }
}

/** What names one row. */
export interface AlertKey {
  channel: string;
  deployment: string;
  fingerprint: string;
  threshold: number;
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
