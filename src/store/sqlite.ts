import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { Semaphore } from '../util/semaphore.js';
import type { Db, Row, SqlValue } from './db.js';
import { guarded } from './errors.js';

/**
 * One gate per database file in this process. better-sqlite3 is synchronous: a second connection
 * (e.g. two scheduler instances in one test process) that starts a write while another connection's
 * transaction waits on an `await` would busy-wait on the lock and block the very event loop the
 * holder needs to commit. Serialising statements per file inside the process avoids that; across
 * processes SQLite's own locking (with busy_timeout) applies.
 */
const gates = new Map<string, Semaphore>();
let memoryDatabases = 0;

/**
 * The database holds audit rows, conversation references and host keys: only the bot's user may read it.
 * SQLite gives its -wal, -shm and -journal files the mode of the database file, so creating that file
 * 0600 (whatever the umask) covers them all; files an older version left readable are narrowed too.
 */
function createPrivately(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) {
    try {
      chmodSync(file, 0o600);
    } catch {
      // Absent (no WAL yet) or not ours to change: SQLite reports a real access problem on open.
    }
  }
}

/** SQLite through better-sqlite3: synchronous underneath, wrapped in the async Db interface. */
export function openSqlite(path: string): Db {
  const memory = path === ':memory:';
  if (!memory) createPrivately(path);
  const db = new Database(path);
  // WAL lets a second process (a CLI `run` beside the bot) read while the bot writes; busy_timeout
  // waits for a lock instead of failing at once.
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  const key = memory ? `:memory:${++memoryDatabases}` : resolve(path);
  const gate = gates.get(key) ?? new Semaphore(1);
  gates.set(key, gate);

  const query = <T extends Row>(sql: string, params: readonly SqlValue[]): T[] => {
    const statement = db.prepare(sql);
    if (statement.reader) return statement.all(...params) as T[];
    statement.run(...params);
    return [];
  };
  const run = (sql: string, params: readonly SqlValue[]) => db.prepare(sql).run(...params).changes;

  const inTransaction: Db = {
    dialect: 'sqlite',
    query: async (sql, params = []) => query(sql, params),
    run: async (sql, params = []) => run(sql, params),
    transaction: (work) => work(inTransaction),
    ping: async () => {},
    close: async () => {},
  };

  return {
    dialect: 'sqlite',
    query: (sql, params = []) => gate.run(() => guarded(async () => query(sql, params))),
    run: (sql, params = []) => gate.run(() => guarded(async () => run(sql, params))),
    // Guarded like single statements: a file locked by another process (SQLITE_BUSY at BEGIN) is
    // "store unavailable" to the user, not a crash.
    transaction: (work) =>
      gate.run(() =>
        guarded(async () => {
          db.exec('BEGIN IMMEDIATE');
          try {
            const result = await work(inTransaction);
            db.exec('COMMIT');
            return result;
          } catch (error) {
            if (db.inTransaction) db.exec('ROLLBACK');
            throw error;
          }
        }),
      ),
    ping: () => guarded(async () => void db.prepare('SELECT 1').get()),
    async close() {
      if (db.open) db.close();
      if (memory) gates.delete(key);
    },
  };
}
