import type { Db } from './db.js';

export interface StoredConversation {
  target: string;
  /** The platform's own reference (Teams ConversationReference), as JSON. */
  reference: unknown;
  updatedAt: Date;
  gone?: { at: Date; reason: string };
}

/** Where the bot may post proactively: saved on every install/message, marked when removed. */
export class Conversations {
  constructor(private readonly db: Db) {}

  async save(target: string, reference: unknown, at: Date): Promise<void> {
    await this.db.run(
      `INSERT INTO conversation_refs (target, reference, updated_at, gone_at, gone_reason) VALUES (?, ?, ?, NULL, NULL)
       ON CONFLICT (target) DO UPDATE SET reference = excluded.reference, updated_at = excluded.updated_at,
         gone_at = NULL, gone_reason = NULL`,
      [target, JSON.stringify(reference), at.getTime()],
    );
  }

  async get(target: string): Promise<StoredConversation | undefined> {
    const [row] = await this.db.query<{
      target: string;
      reference: string;
      updated_at: number;
      gone_at: number | null;
      gone_reason: string | null;
    }>('SELECT target, reference, updated_at, gone_at, gone_reason FROM conversation_refs WHERE target = ?', [
      target,
    ]);
    if (!row) return undefined;
    return {
      target: row.target,
      reference: JSON.parse(row.reference),
      updatedAt: new Date(Number(row.updated_at)),
      ...(row.gone_at === null
        ? {}
        : { gone: { at: new Date(Number(row.gone_at)), reason: row.gone_reason ?? '' } }),
    };
  }

  async markGone(target: string, reason: string, at: Date): Promise<void> {
    await this.db.run('UPDATE conversation_refs SET gone_at = ?, gone_reason = ? WHERE target = ?', [
      at.getTime(),
      reason,
      target,
    ]);
  }
}
