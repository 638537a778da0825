import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import anyTest, { type ExecutionContext, type ImplementationFn, type TestFn } from 'ava';
import pg from 'pg';

/**
 * Store URLs for the suites that run on both drivers. PostgreSQL comes from ISE_CHATOPS_TEST_PG
 * (`tools/test-postgres.sh` starts one; .ci/run always does). Without it every PostgreSQL test is
 * still registered, as skipped with the reason in its title, so `ava` lists what did not run; in CI
 * (CI set) a missing database fails the run instead.
 */
export const PG_ADMIN_URL = process.env.ISE_CHATOPS_TEST_PG;
if (!PG_ADMIN_URL && process.env.CI) throw new Error('CI must set ISE_CHATOPS_TEST_PG (see .ci/run)');

export type StoreKind = 'sqlite' | 'postgres';

/** Why PostgreSQL tests are skipped in this run, or undefined when they run. */
export const PG_MISSING = PG_ADMIN_URL
  ? undefined
  : 'no PostgreSQL configured: set ISE_CHATOPS_TEST_PG (tools/test-postgres.sh starts one)';

type Register<C> = (title: string, impl: ImplementationFn<[], C>) => void;

/**
 * `test` when `missing` is undefined; otherwise a function that registers the test as skipped with
 * the reason in its title (ava prints skipped titles), so the count of tests never depends on the
 * environment.
 */
export function unless<C>(missing: string | undefined, test: TestFn<C>): Register<C> {
  if (missing === undefined) return (title, impl) => test(title, impl);
  return (title, impl) => test.skip(`${title} [skipped: ${missing}]`, impl);
}

/** Registers a test that needs PostgreSQL (see `unless`). */
export function postgresTest<C = unknown>(test: TestFn<C> = anyTest as TestFn<C>): Register<C> {
  return unless(PG_MISSING, test);
}

/** Each store kind with the `test` to register its cases with: PostgreSQL's skips when missing. */
export function storeCases(): Array<{ kind: StoreKind; test: Register<unknown> }> {
  return [
    { kind: 'sqlite', test: (title, impl) => anyTest(title, impl) },
    { kind: 'postgres', test: postgresTest() },
  ];
}

/** Registers `title` once per store kind, as `sqlite: title` and `postgres: title`. */
export function storeTest(
  title: string,
  impl: (t: ExecutionContext, kind: StoreKind) => Promise<void>,
): void {
  for (const { kind, test } of storeCases()) test(`${kind}: ${title}`, (t) => impl(t, kind));
}

/**
 * The directory of Debian's PostgreSQL binaries (initdb, pg_ctl), newest version first, or
 * undefined. Tests that start a server of their own need them, not just a URL.
 */
export function postgresBinaries(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  const found = versions.map((v) => join(root, v, 'bin')).find((bin) => existsSync(join(bin, 'initdb')));
  return found;
}

const created: string[] = [];

/** A new empty database of the given kind, as a `store.url`. PostgreSQL ones are dropped after the file. */
export async function freshStoreUrl(kind: StoreKind): Promise<string> {
  if (kind === 'sqlite') return `sqlite:${join(mkdtempSync(join(tmpdir(), 'store-')), 'state.db')}`;
  if (!PG_ADMIN_URL) throw new Error('no PostgreSQL for tests');
  const name = `t_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  created.push(name);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

// Registered when this helper is loaded (at file load, as ava requires). FORCE (PostgreSQL 13+)
// ends connections a failed test left open, so a red run does not leave databases behind either.
if (PG_ADMIN_URL) {
  anyTest.after.always('drop the PostgreSQL test databases', async () => {
    const names = created.splice(0);
    if (names.length === 0) return;
    await admin(async (client) => {
      for (const name of names) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    });
  });
}
