import test from 'ava';
import { UserError } from '../../src/errors.js';
import { Redactor } from '../../src/secrets.js';
import { openPostgres } from '../../src/store/postgres.js';
import { openStore } from '../../src/store/store.js';
import { freshStoreUrl, storeTest } from '../helpers/stores.js';

storeTest('a transaction that throws leaves nothing behind, and the store keeps working', async (t, kind) => {
  const store = await openStore(await freshStoreUrl(kind), new Redactor());
  t.teardown(() => store.close());
  const failure = new Error('second write refused');
  const error = await t.throwsAsync(
    store.db.transaction(async (tx) => {
      await tx.run('INSERT INTO locks (name, owner, expires_at) VALUES (?, ?, ?)', ['a', 'r1', 1]);
      // Nested calls join the outer transaction rather than committing on their own.
      await tx.transaction((inner) =>
        inner.run('INSERT INTO locks (name, owner, expires_at) VALUES (?, ?, ?)', ['b', 'r1', 1]),
      );
      throw failure;
    }),
  );
  t.is(error, failure);
  t.deepEqual(await store.db.query('SELECT name FROM locks'), [], 'both writes rolled back');
  await store.db.transaction((tx) =>
    tx.run('INSERT INTO locks (name, owner, expires_at) VALUES (?, ?, ?)', ['c', 'r1', 1]),
  );
  t.deepEqual(
    (await store.db.query<{ name: string }>('SELECT name FROM locks')).map((r) => r.name),
    ['c'],
  );
  await t.notThrowsAsync(store.db.ping());
});

test('PostgreSQL: ping and queries against a server that is not there say the store is unavailable', async (t) => {
  // Port 9 (discard) on loopback: nothing listens there in a test environment, so connect is refused.
  const db = openPostgres('postgres://postgres@127.0.0.1:9/postgres');
  t.teardown(() => db.close());
  const attempts = [
    () => db.ping(),
    () => db.query('SELECT 1'),
    () => db.run('SELECT 1'),
    () => db.transaction(async () => 1),
  ];
  for (const attempt of attempts) {
    const error = await t.throwsAsync(attempt());
    t.true(error instanceof UserError);
    t.is((error as UserError).code, 'store-unavailable');
  }
});
