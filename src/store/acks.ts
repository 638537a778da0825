import type { Db } from './db.js';

export interface Ack {
  checkId: string;
  actor: string;
  at: Date;
  /** The release and patch the confirmation was given on; a change voids it. */
  releaseKey: string;
}

/** Confirmations of manual checklist items, per deployment. */
export class Acks {
  constructor(private readonly db: Db) {}

  async set(deployment: string, ack: Ack): Promise<void> {
    await this.db.run(
      `INSERT INTO acks (deployment, check_id, actor, at, release_key) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (deployment, check_id) DO UPDATE SET actor = excluded.actor, at = excluded.at,
         release_key = excluded.release_key`,
      [deployment, ack.checkId, ack.actor, ack.at.getTime(), ack.releaseKey],
    );
  }

  /**
   * The acks still valid for the deployment's current release and patch. Acks given on another
   * release are deleted: the upgrade or patch changed what a person had confirmed.
   */
  async current(deployment: string, releaseKey: string): Promise<Map<string, Ack>> {
    await this.db.run('DELETE FROM acks WHERE deployment = ? AND release_key <> ?', [deployment, releaseKey]);
    const rows = await this.db.query<{ check_id: string; actor: string; at: number; release_key: string }>(
      'SELECT check_id, actor, at, release_key FROM acks WHERE deployment = ?',
      [deployment],
    );
    return new Map(
      rows.map((r) => [
        r.check_id,
        { checkId: r.check_id, actor: r.actor, at: new Date(Number(r.at)), releaseKey: r.release_key },
      ]),
    );
  }
}
