import type { Db } from './db.js';

/** How a fire ended. Undefined on a claim: running, or its replica died and the lease runs out. */
export type FireOutcome = 'posted' | 'failed' | 'skipped';

/**
 * One fire: every subscription of one schedule (kind × deployment × cron × zone, `groupKey`) at one
 * slot. All its subscriptions share the claim, the run and the outcome.
 */
export interface FireRef {
  schedule: string;
  fireAt: Date;
}

export interface FireClaim extends FireRef {
  owner: string;
  claimedAt: Date;
  /** The owner renews this while the job runs; past it, with no outcome, any replica may take over. */
  leaseUntil: Date;
  outcome?: FireOutcome;
  finishedAt?: Date;
  /** The replica whose expired lease this owner took over, if it did. */
  takenOverFrom?: string;
}

export type ClaimResult = { how: 'new' } | { how: 'taken-over'; from: string };

interface Row extends Record<string, unknown> {
  schedule: string;
  fire_at: number;
  owner: string;
  claimed_at: number;
  lease_until: number;
  outcome: FireOutcome | null;
  finished_at: number | null;
  taken_over_from: string | null;
}

const COLUMNS = 'schedule, fire_at, owner, claimed_at, lease_until, outcome, finished_at, taken_over_from';

/**
 * One row per fire. The primary key makes the claim: of all replicas sharing the store exactly one
 * insert succeeds. The claim is a lease: the owner renews it while the job runs and writes the
 * outcome at the end; a claim whose lease ran out without an outcome (its replica died or gave it back
 * at shutdown) is taken over by exactly one other replica (a conditional UPDATE), which runs it again.
 * Posts are recorded per fire and channel (`posted`), so a run taken over does not post twice.
 */
export class FireClaims {
  constructor(private readonly db: Db) {}

  async claim(fire: FireRef, owner: string, now: Date, leaseMs: number): Promise<ClaimResult | undefined> {
    const until = now.getTime() + leaseMs;
    const inserted = await this.db.run(
      `INSERT INTO fires (${COLUMNS}) VALUES (?, ?, ?, ?, ?, NULL, NULL, NULL)
       ON CONFLICT (schedule, fire_at) DO NOTHING`,
      [fire.schedule, fire.fireAt.getTime(), owner, now.getTime(), until],
    );
    if (inserted > 0) return { how: 'new' };
    const [held] = await this.rows('WHERE schedule = ? AND fire_at = ?', [
      fire.schedule,
      fire.fireAt.getTime(),
    ]);
    if (!held || held.outcome !== null || held.lease_until > now.getTime()) return undefined;
    // Conditional on the owner read: of several replicas taking over at once, one UPDATE matches.
    const taken = await this.db.run(
      `UPDATE fires SET owner = ?, claimed_at = ?, lease_until = ?, taken_over_from = ?
       WHERE schedule = ? AND fire_at = ? AND owner = ? AND claimed_at = ? AND outcome IS NULL AND lease_until <= ?`,
      [
        owner,
        now.getTime(),
        until,
        held.owner,
        fire.schedule,
        fire.fireAt.getTime(),
        held.owner,
        held.claimed_at,
        now.getTime(),
      ],
    );
    return taken > 0 ? { how: 'taken-over', from: held.owner } : undefined;
  }

  /** Extends the owner's lease; false when it is no longer the owner's (taken over, finished). */
  async renew(fire: FireRef, owner: string, now: Date, leaseMs: number): Promise<boolean> {
    const changed = await this.db.run(
      'UPDATE fires SET lease_until = ? WHERE schedule = ? AND fire_at = ? AND owner = ? AND outcome IS NULL',
      [now.getTime() + leaseMs, fire.schedule, fire.fireAt.getTime(), owner],
    );
    return changed > 0;
  }

  /** Writes the outcome, if the claim is still the owner's. */
  async finish(fire: FireRef, owner: string, outcome: FireOutcome, now: Date): Promise<boolean> {
    const changed = await this.db.run(
      `UPDATE fires SET outcome = ?, finished_at = ?
       WHERE schedule = ? AND fire_at = ? AND owner = ? AND outcome IS NULL`,
      [outcome, now.getTime(), fire.schedule, fire.fireAt.getTime(), owner],
    );
    return changed > 0;
  }

  /** Gives the claim back unfinished (shutdown): its lease ends now, so another replica takes it over. */
  async release(fire: FireRef, owner: string, now: Date): Promise<boolean> {
    const changed = await this.db.run(
      `UPDATE fires SET lease_until = ?
       WHERE schedule = ? AND fire_at = ? AND owner = ? AND outcome IS NULL`,
      [now.getTime(), fire.schedule, fire.fireAt.getTime(), owner],
    );
    return changed > 0;
  }

  /** Records a fire as passed over (missed beyond the grace window); false when someone already had it. */
  async skip(fire: FireRef, owner: string, now: Date): Promise<boolean> {
    const changed = await this.db.run(
      `INSERT INTO fires (${COLUMNS}) VALUES (?, ?, ?, ?, ?, 'skipped', ?, NULL)
       ON CONFLICT (schedule, fire_at) DO NOTHING`,
      [fire.schedule, fire.fireAt.getTime(), owner, now.getTime(), now.getTime(), now.getTime()],
    );
    return changed > 0;
  }

  /** Closes an abandoned claim (lease out, no outcome) as skipped: too late to run it now. */
  async abandon(fire: FireRef, now: Date): Promise<boolean> {
    const changed = await this.db.run(
      `UPDATE fires SET outcome = 'skipped', finished_at = ?
       WHERE schedule = ? AND fire_at = ? AND outcome IS NULL AND lease_until <= ?`,
      [now.getTime(), fire.schedule, fire.fireAt.getTime(), now.getTime()],
    );
    return changed > 0;
  }

  /** Claims of `schedule` whose lease ran out with no outcome: their replica died or gave them back. */
  async abandoned(schedule: string, now: Date): Promise<FireClaim[]> {
    const rows = await this.rows(
      'WHERE schedule = ? AND outcome IS NULL AND lease_until <= ? ORDER BY fire_at',
      [schedule, now.getTime()],
    );
    return rows.map(toClaim);
  }

  /** The latest fire of `schedule` at or after `since` (a subscription's creation). */
  async latest(schedule: string, since = new Date(0)): Promise<FireClaim | undefined> {
    const [row] = await this.rows('WHERE schedule = ? AND fire_at >= ? ORDER BY fire_at DESC LIMIT 1', [
      schedule,
      since.getTime(),
    ]);
    return row ? toClaim(row) : undefined;
  }

  /** The post id stored for this fire in `channel` ('' when the platform gave none); undefined: not posted. */
  async posted(fire: FireRef, channel: string): Promise<string | undefined> {
    const [row] = await this.db.query<{ post_id: string }>(
      'SELECT post_id FROM fire_posts WHERE schedule = ? AND fire_at = ? AND channel = ?',
      [fire.schedule, fire.fireAt.getTime(), channel],
    );
    return row?.post_id;
  }

  async recordPost(fire: FireRef, channel: string, postId: string, now: Date): Promise<void> {
    await this.db.run(
      `INSERT INTO fire_posts (schedule, fire_at, channel, post_id, posted_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (schedule, fire_at, channel) DO NOTHING`,
      [fire.schedule, fire.fireAt.getTime(), channel, postId, now.getTime()],
    );
  }

  /** Old fires are only history; keeps the tables small. */
  async prune(before: Date): Promise<number> {
    await this.db.run('DELETE FROM fire_posts WHERE fire_at < ?', [before.getTime()]);
    return this.db.run('DELETE FROM fires WHERE fire_at < ?', [before.getTime()]);
  }

  private rows(where: string, params: Array<string | number>): Promise<Row[]> {
    return this.db.query<Row>(`SELECT ${COLUMNS} FROM fires ${where}`, params);
  }
}

function toClaim(row: Row): FireClaim {
  return {
    schedule: row.schedule,
    fireAt: new Date(Number(row.fire_at)),
    owner: row.owner,
    claimedAt: new Date(Number(row.claimed_at)),
    leaseUntil: new Date(Number(row.lease_until)),
    ...(row.outcome === null ? {} : { outcome: row.outcome }),
    ...(row.finished_at === null ? {} : { finishedAt: new Date(Number(row.finished_at)) }),
    ...(row.taken_over_from === null ? {} : { takenOverFrom: row.taken_over_from }),
  };
}
