import type { Logger } from '../log.js';
import type { Redactor } from '../secrets.js';
import { uuid7 } from '../util/uuid7.js';
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

/**
 * Every side effect and every refusal, append-only. Text passes the redactor before it is stored.
 *
 * A failed audit write is handled here and only here: it never fails the command that caused it (the
 * side effect or refusal has already happened, and the user must still hear about it); it is logged
 * at error level with the whole entry, so the record survives in the logs while the store is down.
 */
export class AuditLog {
  constructor(
    private readonly db: Db,
    private readonly redactor: Redactor,
    private readonly log: Logger,
  ) {}

  /** Resolves whether or not the row was written (see the class comment); never rejects. */
  async append(entry: AuditEntry): Promise<void> {
    const r = (s: string | undefined) => (s === undefined ? null : this.redactor.redact(s));
    try {
      await this.db.run(
        'INSERT INTO audit_log (id, at, actor, action, target, outcome, detail, correlation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        [
          uuid7(entry.at),
          entry.at.getTime(),
          entry.actor,
          entry.action,
          r(entry.target),
          entry.outcome,
          r(entry.detail),
          entry.correlationId ?? null,
        ],
      );
    } catch (error) {
      // The logger redacts every line, so the entry's text is safe to include.
      this.log.error({ err: error, audit: { ...entry, at: entry.at.toISOString() } }, 'audit write failed');
    }
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
      'SELECT at, actor, action, target, outcome, detail, correlation_id FROM audit_log ORDER BY at DESC, id DESC LIMIT ?',
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
