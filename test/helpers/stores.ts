import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * Store URLs for the suites that run on both drivers. PostgreSQL comes from ISE_CHATOPS_TEST_PG
 * (`tools/test-postgres.sh` starts one; .ci/run always does). Without it, the PostgreSQL cases are
 * skipped locally and fail in CI, so CI can never pass without running them.
 */
export const PG_ADMIN_URL = process.env.ISE_CHATOPS_TEST_PG;

export function storeKinds(): Array<'sqlite' | 'postgres'> {
  if (!PG_ADMIN_URL && process.env.CI) throw new Error('CI must set ISE_CHATOPS_TEST_PG (see .ci/run)');
  return PG_ADMIN_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** A new empty database of the given kind, as a `store.url`. */
export async function freshStoreUrl(kind: 'sqlite' | 'postgres'): Promise<string> {
  if (kind === 'sqlite') return `sqlite:${join(mkdtempSync(join(tmpdir(), 'store-')), 'state.db')}`;
  if (!PG_ADMIN_URL) throw new Error('no PostgreSQL for tests');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}
