import { createHash, randomBytes } from 'node:crypto';
import type { Db } from './db.js';

export type SubscriptionKind = 'readiness' | 'certs';

/** A channel's standing order for a scheduled post: a readiness digest or certificate warnings. */
export interface Subscription {
  id: string;
  kind: SubscriptionKind;
  deployment: string;
  cron: string;
  /** IANA zone the cron expression is read in. */
  timezone: string;
  /** `slack:<channel>` or `teams:<conversation>`. */
  channel: string;
  /** `config` ones are replaced at every start from `schedules`; `chat` ones live until `unsubscribe`. */
  source: 'config' | 'chat';
  createdBy: string;
  createdAt: Date;
}

export type NewSubscription = Omit<Subscription, 'id' | 'source' | 'createdAt'>;

/** How many subscriptions one channel and one ISE deployment may have; a new one beyond is refused. */
export interface SubscriptionLimits {
  perChannel: number;
  perDeployment: number;
}

/** `add` refused: the channel or the deployment already has `limit` subscriptions. */
export class SubscriptionLimitReached extends Error {
  override readonly name = 'SubscriptionLimitReached';
  constructor(
    readonly scope: 'channel' | 'deployment',
    readonly limit: number,
  ) {
    super(`${scope} already has ${limit} subscriptions`);
  }
}

/**
 * 64 random bits (16 hex digits): a chance collision needs billions of subscriptions, and `add`
 * retries one anyway. Ids made by older versions (24 bits, 6 hex digits) stay valid: an id is only
 * ever compared whole.
 */
export const newSubscriptionId = (): string => randomBytes(8).toString('hex');

/** Fresh ids tried before giving up: several collisions in a row mean a broken generator, not bad luck. */
const ID_ATTEMPTS = 5;

type Row = {
  id: string;
  kind: SubscriptionKind;
  deployment: string;
  cron: string;
  timezone: string;
  channel: string;
  source: 'config' | 'chat';
  created_by: string;
  created_at: number;
};

const COLUMNS = 'id, kind, deployment, cron, timezone, channel, source, created_by, created_at';

/**
 * Subscriptions shared by every replica. Config entries get ids derived from their content, so replicas
 * reading the same config agree on them (fire claims are keyed by subscription id).
 */
export class Subscriptions {
  constructor(
    private readonly db: Db,
    private readonly newId: () => string = newSubscriptionId,
  ) {}

  async list(): Promise<Subscription[]> {
    const rows = await this.db.query<Row>(`SELECT ${COLUMNS} FROM subscriptions ORDER BY created_at, id`);
    return rows.map(fromRow);
  }

  async get(id: string): Promise<Subscription | undefined> {
    const [row] = await this.db.query<Row>(`SELECT ${COLUMNS} FROM subscriptions WHERE id = ?`, [id]);
    return row ? fromRow(row) : undefined;
  }

  /**
   * A chat subscription; the same kind, deployment, schedule and channel twice returns the first.
   * With `limits`, a new one is refused (`SubscriptionLimitReached`) when its channel or deployment
   * already has that many, config ones included. `created` is true only for a row that was stored:
   * an id already taken is retried with a fresh one, never reported as subscribed. The check and the
   * insert share a transaction; on PostgreSQL (READ COMMITTED) two replicas adding to the same
   * channel at the same instant can still both pass the limit check, so a limit may be exceeded by one.
   */
  async add(
    sub: NewSubscription,
    at: Date,
    limits?: SubscriptionLimits,
  ): Promise<{ subscription: Subscription; created: boolean }> {
    return this.db.transaction(async (tx) => {
      const current = await new Subscriptions(tx).list();
      const existing = current.find((s) => sameOrder(s, sub));
      if (existing) return { subscription: existing, created: false };
      if (limits) {
        if (current.filter((s) => s.channel === sub.channel).length >= limits.perChannel)
          throw new SubscriptionLimitReached('channel', limits.perChannel);
        if (current.filter((s) => s.deployment === sub.deployment).length >= limits.perDeployment)
          throw new SubscriptionLimitReached('deployment', limits.perDeployment);
      }
      for (let attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
        const subscription: Subscription = { ...sub, id: this.newId(), source: 'chat', createdAt: at };
        if (await insert(tx, subscription)) return { subscription, created: true };
      }
      throw new Error(`no free subscription id after ${ID_ATTEMPTS} attempts`);
    });
  }

  async remove(id: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM subscriptions WHERE id = ?', [id])) > 0;
  }

  /**
   * Makes the `config` subscriptions exactly `entries`: new ones added (keeping the first replica's
   * creation time), ones no longer in the config deleted. Chat subscriptions are left alone.
   */
  async syncConfig(
    entries: readonly Omit<NewSubscription, 'createdBy'>[],
    at: Date,
  ): Promise<Subscription[]> {
    const wanted = entries.map(
      (e): Subscription => ({ ...e, id: configId(e), source: 'config', createdBy: 'config', createdAt: at }),
    );
    await this.db.transaction(async (tx) => {
      // An entry already stored keeps its row (and the first replica's creation time).
      for (const sub of wanted) await insert(tx, sub);
      const keep = new Set(wanted.map((s) => s.id));
      const current = await tx.query<{ id: string }>("SELECT id FROM subscriptions WHERE source = 'config'");
      for (const { id } of current)
        if (!keep.has(id)) await tx.run('DELETE FROM subscriptions WHERE id = ?', [id]);
    });
    return (await this.list()).filter((s) => s.source === 'config');
  }
}

/** Stores `s` unless its id is taken; says whether it did. */
async function insert(db: Db, s: Subscription): Promise<boolean> {
  const changed = await db.run(
    `INSERT INTO subscriptions (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    [s.id, s.kind, s.deployment, s.cron, s.timezone, s.channel, s.source, s.createdBy, s.createdAt.getTime()],
  );
  return changed > 0;
}

function sameOrder(a: Omit<NewSubscription, 'createdBy'>, b: Omit<NewSubscription, 'createdBy'>): boolean {
  return (
    a.kind === b.kind &&
    a.deployment === b.deployment &&
    a.cron.trim() === b.cron.trim() &&
    a.timezone === b.timezone &&
    a.channel === b.channel
  );
}

/** `cfg-` and a short hash of what the entry says: stable across restarts and replicas. */
export function configId(e: Omit<NewSubscription, 'createdBy'>): string {
  const key = [e.kind, e.deployment, e.cron.trim(), e.timezone, e.channel].join('\n');
  return `cfg-${createHash('sha256').update(key).digest('hex').slice(0, 8)}`;
}

function fromRow(r: Row): Subscription {
  return {
    id: r.id,
    kind: r.kind,
    deployment: r.deployment,
    cron: r.cron,
    timezone: r.timezone,
    channel: r.channel,
    source: r.source,
    createdBy: r.created_by,
    createdAt: new Date(Number(r.created_at)),
  };
}
