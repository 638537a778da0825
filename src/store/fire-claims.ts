import type { Db } from './db.js';

export type FireOutcome = 'ok' | 'failed' | 'skipped';

export interface FireClaim {
  subscriptionId: string;
  fireAt: Date;
  owner: string;
  claimedAt: Date;
  /** Undefined while the run is going (or when its replica died mid-run). */
  outcome?: FireOutcome;
}

/**
 * One row per fire (subscription × scheduled time). The primary key makes the claim: of all replicas
 * sharing the store, exactly one insert succeeds, and that replica runs the fire. A replica that dies
 * after claiming loses that fire: at most once is the promise, never twice.
 */
export class FireClaims {
  constructor(private readonly db: Db) {}

  async claim(subscriptionId: string, fireAt: Date, owner: string, now: Date): Promise<boolean> {
    const changed = await this.db.run(
      `INSERT INTO fire_claims (subscription_id, fire_at, owner, claimed_at, outcome) VALUES (?, ?, ?, ?, NULL)
       ON CONFLICT (subscription_id, fire_at) DO NOTHING`,
      [subscriptionId, fireAt.getTime(), owner, now.getTime()],
    );
    return changed > 0;
  }

  /** Records a fire as passed over (missed beyond the grace window); false when someone already had it. */
  async skip(subscriptionId: string, fireAt: Date, owner: string, now: Date): Promise<boolean> {
    const changed = await this.db.run(
      `INSERT INTO fire_claims (subscription_id, fire_at, owner, claimed_at, outcome) VALUES (?, ?, ?, ?, 'skipped')
       ON CONFLICT (subscription_id, fire_at) DO NOTHING`,
      [subscriptionId, fireAt.getTime(), owner, now.getTime()],
    );
    return changed > 0;
  }

  async finish(subscriptionId: string, fireAt: Date, outcome: FireOutcome): Promise<void> {
    await this.db.run('UPDATE fire_claims SET outcome = ? WHERE subscription_id = ? AND fire_at = ?', [
      outcome,
      subscriptionId,
      fireAt.getTime(),
    ]);
  }

  async latest(subscriptionId: string): Promise<FireClaim | undefined> {
    const [row] = await this.db.query<{
      subscription_id: string;
      fire_at: number;
      owner: string;
      claimed_at: number;
      outcome: FireOutcome | null;
    }>(
      `SELECT subscription_id, fire_at, owner, claimed_at, outcome FROM fire_claims
       WHERE subscription_id = ? ORDER BY fire_at DESC LIMIT 1`,
      [subscriptionId],
    );
    if (!row) return undefined;
    return {
      subscriptionId: row.subscription_id,
      fireAt: new Date(Number(row.fire_at)),
      owner: row.owner,
      claimedAt: new Date(Number(row.claimed_at)),
      ...(row.outcome === null ? {} : { outcome: row.outcome }),
    };
  }

  /** Claims of removed subscriptions and old fires are only history; keeps the table small. */
  async prune(before: Date): Promise<number> {
    return this.db.run(
      'DELETE FROM fire_claims WHERE fire_at < ? OR subscription_id NOT IN (SELECT id FROM subscriptions)',
      [before.getTime()],
    );
  }
}
