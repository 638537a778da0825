import { UserError } from '../errors.js';
import { createLogger, type Logger } from '../log.js';
import type { Redactor } from '../secrets.js';
import { Acks } from './acks.js';
import { AuditLog } from './audit.js';
import { BackupJobs } from './backups.js';
import { CertAlerts } from './cert-alerts.js';
import { CertMutes } from './cert-mutes.js';
import { Conversations } from './conversations.js';
import type { Db } from './db.js';
import { FireClaims } from './fire-claims.js';
import { HostKeys } from './host-keys.js';
import { Locks } from './locks.js';
import { migrate } from './migrations.js';
import { openPostgres } from './postgres.js';
import { ReadinessRuns } from './runs.js';
import { openSqlite } from './sqlite.js';
import { Subscriptions } from './subscriptions.js';

/** The bot's state, one repository per concern, over SQLite (default) or PostgreSQL (replicas). */
export class Store {
  readonly audit: AuditLog;
  readonly runs: ReadinessRuns;
  readonly acks: Acks;
  readonly hostKeys: HostKeys;
  readonly conversations: Conversations;
  readonly locks: Locks;
  readonly subscriptions: Subscriptions;
  readonly fireClaims: FireClaims;
  readonly certAlerts: CertAlerts;
  readonly certMutes: CertMutes;
  readonly backups: BackupJobs;

  constructor(
    readonly db: Db,
    redactor: Redactor,
    log: Logger,
  ) {
    this.audit = new AuditLog(db, redactor, log);
    this.runs = new ReadinessRuns(db);
    this.acks = new Acks(db);
    this.hostKeys = new HostKeys(db, this.audit, log);
    this.conversations = new Conversations(db);
    this.locks = new Locks(db);
    this.subscriptions = new Subscriptions(db);
    this.fireClaims = new FireClaims(db);
    this.certAlerts = new CertAlerts(db);
    this.certMutes = new CertMutes(db);
    this.backups = new BackupJobs(db, redactor);
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

/**
 * Opens `store.url` (`sqlite:PATH`, `sqlite::memory:` or `postgres://…`) and brings its schema up to
 * date. `log` receives failed audit writes (JSON errors on stderr when not given).
 */
export async function openStore(
  url: string,
  redactor: Redactor,
  log: Logger = createLogger({ level: 'error', pretty: false, redactor }),
): Promise<Store> {
  const db = url.startsWith('sqlite:') ? openSqlite(url.slice('sqlite:'.length)) : openPostgres(url);
  try {
    await migrate(db);
  } catch (error) {
    await db.close().catch(() => {});
    throw new UserError(
      'store-unavailable',
      `The state store (${describeStore(url)}) cannot be opened: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  return new Store(db, redactor, log);
}

/** The store URL without its password, for messages. */
export function describeStore(url: string): string {
  if (!url.startsWith('postgres')) return url;
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
