import type { Db } from './db.js';

export interface StoredFinding {
  id: string;
  status: string;
  summary: string;
}

export interface ReadinessRun {
  id: string;
  deployment: string;
  at: Date;
  actor: string;
  target?: string;
  /** `2.7.0.356 patch 4`: what ISE ran when the run read it. */
  release?: string;
  summary: Record<string, number>;
  findings: StoredFinding[];
  /** `command` from chat/CLI, `schedule` from a digest. */
  trigger: 'command' | 'schedule';
}

/** Readiness history, so a report can say what changed since the previous run. */
export class ReadinessRuns {
  constructor(private readonly db: Db) {}

  async record(run: ReadinessRun): Promise<void> {
    await this.db.run(
      'INSERT INTO readiness_runs (id, deployment, at, actor, target, release, summary, findings, trigger) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [
        run.id,
        run.deployment,
        run.at.getTime(),
        run.actor,
        run.target ?? null,
        run.release ?? null,
        JSON.stringify(run.summary),
        JSON.stringify(run.findings),
        run.trigger,
      ],
    );
  }

  /** The latest run before `before`, optionally only of one trigger (digests compare with digests). */
  async latest(
    deployment: string,
    before: Date,
    trigger?: ReadinessRun['trigger'],
  ): Promise<ReadinessRun | undefined> {
    const rows = await this.db.query<{
      id: string;
      deployment: string;
      at: number;
      actor: string;
      target: string | null;
      release: string | null;
      summary: string;
      findings: string;
      trigger: ReadinessRun['trigger'];
    }>(
      `SELECT id, deployment, at, actor, target, release, summary, findings, trigger FROM readiness_runs
       WHERE deployment = ? AND at < ?${trigger ? ' AND trigger = ?' : ''} ORDER BY at DESC LIMIT 1`,
      trigger ? [deployment, before.getTime(), trigger] : [deployment, before.getTime()],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      id: row.id,
      deployment: row.deployment,
      at: new Date(Number(row.at)),
      actor: row.actor,
      ...(row.target === null ? {} : { target: row.target }),
      ...(row.release === null ? {} : { release: row.release }),
      summary: JSON.parse(row.summary),
      findings: JSON.parse(row.findings),
      trigger: row.trigger,
    };
  }
}
