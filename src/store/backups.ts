import type { Redactor } from '../secrets.js';
import type { Db } from './db.js';

export type BackupKind = 'config' | 'operational' | 'logs';

/**
 * `running` until the bot knows the end; `interrupted` when it lost sight of a backup (SSH drop, restart,
 * timeout) and ISE could not say how it ended.
 */
export type BackupJobStatus = 'running' | 'success' | 'failed' | 'interrupted';

export interface BackupJob {
  id: string;
  deployment: string;
  kind: BackupKind;
  repository: string;
  /** The name given to `backup`/`backup-logs`; ISE adds the tag and timestamp to make the file name. */
  name: string;
  actor: string;
  /** Where the request came from, so a report after a restart lands in the same conversation. */
  channel?: string;
  thread?: string;
  status: BackupJobStatus;
  file?: string;
  /** What ISE said, or what the bot concluded, in a sentence. */
  message?: string;
  startedAt: Date;
  finishedAt?: Date;
}

interface Row extends Record<string, unknown> {
  id: string;
  deployment: string;
  kind: BackupKind;
  repository: string;
  name: string;
  actor: string;
  channel: string | null;
  thread: string | null;
  status: BackupJobStatus;
  file: string | null;
  message: string | null;
  started_at: number | string;
  finished_at: number | string | null;
}

const COLUMNS =
  'id, deployment, kind, repository, name, actor, channel, thread, status, file, message, started_at, finished_at';

/** Backups the bot started, so `backup status` and restart recovery know them. Text passes the redactor. */
export class BackupJobs {
  constructor(
    private readonly db: Db,
    private readonly redactor: Redactor,
  ) {}

  async start(job: Omit<BackupJob, 'status' | 'finishedAt'>): Promise<void> {
    await this.db.run(`INSERT INTO backup_jobs (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      job.id,
      job.deployment,
      job.kind,
      job.repository,
      job.name,
      job.actor,
      job.channel ?? null,
      job.thread ?? null,
      'running',
      job.file ?? null,
      this.#text(job.message),
      job.startedAt.getTime(),
      null,
    ]);
  }

  /** The file name, as soon as ISE prints it. */
  async setFile(id: string, file: string): Promise<void> {
    await this.db.run('UPDATE backup_jobs SET file = ? WHERE id = ?', [file, id]);
  }

  /** Records the end; `running` keeps the job open (ISE still runs it) with a fresh message. */
  async finish(
    id: string,
    end: { status: BackupJobStatus; at: Date; file?: string; message?: string },
  ): Promise<void> {
    await this.db.run(
      'UPDATE backup_jobs SET status = ?, finished_at = ?, file = COALESCE(?, file), message = ? WHERE id = ?',
      [
        end.status,
        end.status === 'running' ? null : end.at.getTime(),
        end.file ?? null,
        this.#text(end.message),
        id,
      ],
    );
  }

  async get(id: string): Promise<BackupJob | undefined> {
    const [row] = await this.db.query<Row>(`SELECT ${COLUMNS} FROM backup_jobs WHERE id = ?`, [id]);
    return row === undefined ? undefined : toJob(row);
  }

  /** Jobs still marked running, oldest first (all deployments when none is named). */
  async running(deployment?: string): Promise<BackupJob[]> {
    const rows = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM backup_jobs WHERE status = 'running'${deployment ? ' AND deployment = ?' : ''}
       ORDER BY started_at`,
      deployment ? [deployment] : [],
    );
    return rows.map(toJob);
  }

  /** The latest jobs of a deployment, newest first. */
  async latest(deployment: string, limit: number): Promise<BackupJob[]> {
    const rows = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM backup_jobs WHERE deployment = ? ORDER BY started_at DESC LIMIT ?`,
      [deployment, limit],
    );
    return rows.map(toJob);
  }

  #text(value: string | undefined): string | null {
    return value === undefined ? null : this.redactor.redact(value);
  }
}

function toJob(row: Row): BackupJob {
  return {
    id: row.id,
    deployment: row.deployment,
    kind: row.kind,
    repository: row.repository,
    name: row.name,
    actor: row.actor,
    ...(row.channel === null ? {} : { channel: row.channel }),
    ...(row.thread === null ? {} : { thread: row.thread }),
    status: row.status,
    ...(row.file === null ? {} : { file: row.file }),
    ...(row.message === null ? {} : { message: row.message }),
    startedAt: new Date(Number(row.started_at)),
    ...(row.finished_at === null ? {} : { finishedAt: new Date(Number(row.finished_at)) }),
  };
}
