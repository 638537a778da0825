import type { Redactor } from '../secrets.js';
import type { Db } from './db.js';

export interface AuditEntry {
  at: Date;
  actor: string;
  /** `backup.config`, `ack`, `subscribe`, `denied`, ... */
  action: string;
  target?: string;
  outcome: 'ok' | 'refused' | 'failed' | 'started' | 'interrupted';
  detail?: string;
  correlationId?: string;
}

/** Every side effect and every refusal, append-only. Text passes the redactor before it is stored. */
export class AuditLog {
  constructor(
    private readonly db: Db,
    private readonly redactor: Redactor,
  ) {}

  async append(entry: AuditEntry): Promise<void> {
    const r = (s: string | undefined) => (s === undefined ? null : this.redactor.redact(s));
    // Time-ordered ids that stay unique across replicas: ms * 1000 + a random suffix.
    const id = entry.at.getTime() * 1000 + Math.floor(Math.random() * 1000);
    await this.db.run(
      'INSERT INTO audit_log (id, at, actor, action, target, outcome, detail, correlation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [
        id,
        entry.at.getTime(),
        entry.actor,
        entry.action,
        r(entry.target),
        entry.outcome,
        r(entry.detail),
        entry.correlationId ?? null,
      ],
    );
  }

  async latest(limit: number): Promise<AuditEntry[]> {
    const rows = await this.db.query<{
      at: number;
      actor: string;
      action: string;
      target: string | null;
      outcome: AuditEntry['outcome'];
      detail: string | null;
      correlation_id: string | null;
    }>(
      'SELECT at, actor, action, target, outcome, detail, correlation_id FROM audit_log ORDER BY id DESC LIMIT ?',
      [limit],
    );
    return rows.map((row) => ({
      at: new Date(Number(row.at)),
      actor: row.actor,
      action: row.action,
      outcome: row.outcome,
      ...(row.target === null ? {} : { target: row.target }),
      ...(row.detail === null ? {} : { detail: row.detail }),
      ...(row.correlation_id === null ? {} : { correlationId: row.correlation_id }),
    }));
  }
}
