import pg from 'pg';
import type { Db, Row, SqlValue } from './db.js';
import { guarded } from './errors.js';

/** `?` → `$1, $2, …`: the repositories write one SQL for both drivers. */
export function toPositional(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/**
 * PostgreSQL for several replicas sharing state. A pool reconnects by itself, so a database that comes
 * back is used again without restarting the bot.
 */
export function openPostgres(url: string): Db {
  const pool = new pg.Pool({ connectionString: url, max: 5, connectionTimeoutMillis: 5000 });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  // BIGINT comes back as a string by default; our epoch-millisecond times fit in a double.
  const types = {
    getTypeParser: (oid: number, format?: string) =>
      oid === 20 ? Number : pg.types.getTypeParser(oid, format as 'text'),
  };
  const over = (client: pg.Pool | pg.PoolClient): Omit<Db, 'transaction' | 'close' | 'ping'> => ({
    dialect: 'postgres',
    query: <T extends Row>(sql: string, params: readonly SqlValue[] = []) =>
      guarded(
        async () => (await client.query({ text: toPositional(sql), values: [...params], types })).rows as T[],
      ),
    run: (sql, params = []) =>
      guarded(
        async () =>
          (await client.query({ text: toPositional(sql), values: [...params], types })).rowCount ?? 0,
      ),
  });
  const db: Db = {
    ...over(pool),
    async transaction(work) {
      const client = await guarded(() => pool.connect());
      try {
        await client.query('BEGIN');
        const inner: Db = {
          ...over(client),
          transaction: (w) => w(inner),
          ping: async () => {},
          close: async () => {},
        };
        const result = await work(inner);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async ping() {
      await guarded(() => pool.query('SELECT 1'));
    },
    async close() {
      await pool.end();
    },
  };
  return db;
}
