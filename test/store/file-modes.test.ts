import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { Redactor } from '../../src/secrets.js';
import { openStore } from '../../src/store/store.js';

// Each test file runs in its own process: the usual umask, under which a plain create gives 0644.
process.umask(0o022);

const modeOf = (file: string) => (statSync(file).mode & 0o777).toString(8);

test('the SQLite store and its -wal and -shm files are created readable by the bot user only (0600)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'store-mode-'));
  const file = join(dir, 'data', 'ise-chatops.db');
  const store = await openStore(`sqlite:${file}`, new Redactor());
  t.teardown(() => store.close());
  // Migrations have written: the WAL and its shared-memory index exist now.
  t.deepEqual([modeOf(file), modeOf(`${file}-wal`), modeOf(`${file}-shm`)], ['600', '600', '600']);
  t.is(modeOf(join(dir, 'data')), '700');
});

test('a store file an older version left world-readable is narrowed to 0600 when the bot opens it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'store-mode-'));
  const file = join(dir, 'old.db');
  writeFileSync(file, '', { mode: 0o644 });
  t.is(modeOf(file), '644');
  const store = await openStore(`sqlite:${file}`, new Redactor());
  t.teardown(() => store.close());
  t.deepEqual([modeOf(file), modeOf(`${file}-wal`), modeOf(`${file}-shm`)], ['600', '600', '600']);
});
