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
  constructor(private readonly db: Db) {}

  async list(): Promise<Subscription[]> {
    const rows = await this.db.query<Row>(`SELECT ${COLUMNS} FROM subscriptions ORDER BY created_at, id`);
    return rows.map(fromRow);
  }

  async get(id: string): Promise<Subscription | undefined> {
    const [row] = await this.db.query<Row>(`SELECT ${COLUMNS} FROM subscriptions WHERE id = ?`, [id]);
    return row ? fromRow(row) : undefined;
  }

  /** A chat subscription; the same kind, deployment, schedule and channel twice returns the first. */
  async add(sub: NewSubscription, at: Date): Promise<{ subscription: Subscription; created: boolean }> {
    const existing = (await this.list()).find((s) => sameOrder(s, sub));
    if (existing) return { subscription: existing, created: false };
    const subscription: Subscription = {
      ...sub,
      id: randomBytes(3).toString('hex'),
      source: 'chat',
      createdAt: at,
    };
    await this.insert(subscription);
    return { subscription, created: true };
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
      const repo = new Subscriptions(tx);
      for (const sub of wanted) await repo.insert(sub);
      const keep = new Set(wanted.map((s) => s.id));
      const current = await tx.query<{ id: string }>("SELECT id FROM subscriptions WHERE source = 'config'");
      for (const { id } of current)
        if (!keep.has(id)) await tx.run('DELETE FROM subscriptions WHERE id = ?', [id]);
    });
    return (await this.list()).filter((s) => s.source === 'config');
  }

  private async insert(s: Subscription): Promise<void> {
    await this.db.run(
      `INSERT INTO subscriptions (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      [
        s.id,
        s.kind,
        s.deployment,
        s.cron,
        s.timezone,
        s.channel,
        s.source,
        s.createdBy,
        s.createdAt.getTime(),
      ],
    );
  }
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
