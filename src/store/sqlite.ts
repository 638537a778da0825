import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Db, Row, SqlValue } from './db.js';

/** SQLite through better-sqlite3: synchronous underneath, wrapped in the async Db interface. */
export function openSqlite(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  // WAL lets a second process (a CLI `run` beside the bot) read while the bot writes; busy_timeout
  // waits for a lock instead of failing at once.
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  const wrap = (inTransaction: boolean): Db => ({
    dialect: 'sqlite',
    async query<T extends Row>(sql: string, params: readonly SqlValue[] = []) {
      const statement = db.prepare(sql);
      if (statement.reader) return statement.all(...params) as T[];
      statement.run(...params);
      return [];
    },
    async run(sql, params = []) {
      return db.prepare(sql).run(...params).changes;
    },
    async transaction(work) {
      if (inTransaction) return work(wrap(true));
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(wrap(true));
        db.exec('COMMIT');
        return result;
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    },
    async ping() {
      db.prepare('SELECT 1').get();
    },
    async close() {
      if (db.open) db.close();
    },
  });
  return wrap(false);
}
