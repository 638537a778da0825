import type { Db } from './db.js';

/**
 * Named leases shared by every replica on the same store (the backup lock). A lease expires so a
 * crashed holder cannot block forever; the holder renews it while it works.
 */
export class Locks {
  constructor(private readonly db: Db) {}

  /** True when `owner` now holds `name` (newly, or renewed), false when someone else does. */
  async acquire(name: string, owner: string, now: Date, ttlMs: number): Promise<boolean> {
    const expires = now.getTime() + ttlMs;
    const changed = await this.db.run(
      `INSERT INTO locks (name, owner, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
       WHERE locks.owner = excluded.owner OR locks.expires_at < ?`,
      [name, owner, expires, now.getTime()],
    );
    return changed > 0;
  }

  async release(name: string, owner: string): Promise<void> {
    await this.db.run('DELETE FROM locks WHERE name = ? AND owner = ?', [name, owner]);
  }

  async holder(name: string, now: Date): Promise<string | undefined> {
    const [row] = await this.db.query<{ owner: string }>(
      'SELECT owner FROM locks WHERE name = ? AND expires_at >= ?',
      [name, now.getTime()],
    );
    return row?.owner;
  }
}
