/**
 * The SQL the store speaks, kept portable between SQLite and PostgreSQL: `?` placeholders (rewritten
 * to `$n` for PostgreSQL), `INSERT … ON CONFLICT`, TEXT/BIGINT columns, times as epoch milliseconds.
 * Repositories are written once over this interface; each driver implements it.
 */
export type SqlValue = string | number | bigint | null;
export type Row = Record<string, unknown>;

export interface Db {
  readonly dialect: 'sqlite' | 'postgres';
  query<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Rows changed by an INSERT/UPDATE/DELETE: unique claims and locks read it. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Runs `work` in one transaction on one connection. */
  transaction<T>(work: (db: Db) => Promise<T>): Promise<T>;
  /** A cheap round trip, for /healthz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
