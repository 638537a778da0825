import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { postgresBinaries } from '../helpers/stores.js';

const run = promisify(execFile);

export interface PgCluster {
  url: string;
  /** Stops the server at once, as a crash or a failed-over database does (`pg_ctl stop -m immediate`). */
  kill(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  destroy(): Promise<void>;
}

/**
 * A throwaway PostgreSQL cluster of its own (as tools/test-postgres.sh starts one), for a test that
 * stops the server: the shared test server stays up for everyone else. Needs Debian's postgresql
 * binaries, which tools/test-postgres.sh installs; as root the server runs as the postgres user.
 */
export async function startPgCluster(): Promise<PgCluster> {
  const bin = postgresBinaries();
  if (bin === undefined) throw new Error('no PostgreSQL binaries: run tools/test-postgres.sh once');
  const root = process.getuid?.() === 0;
  const as = async (file: string, args: string[]) =>
    root ? run('runuser', ['-u', 'postgres', '--', file, ...args]) : run(file, args);
  const data = mkdtempSync(join(tmpdir(), 'ise-chatops-pg-outage-'));
  if (root) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(data, Number(stdout.trim()), Number(gid.trim()));
  }
  const port = await freePort();
  const pgCtl = join(bin, 'pg_ctl');
  const db = join(data, 'db');
  await as(join(bin, 'initdb'), ['-D', db, '-A', 'trust', '-U', 'postgres']);
  const options = `-p ${port} -k ${data} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = async () => {
    await as(pgCtl, ['-D', db, '-l', join(data, 'log'), '-w', '-o', options, 'start']);
  };
  const kill = async () => {
    await as(pgCtl, ['-D', db, '-m', 'immediate', '-w', 'stop']);
  };
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    kill,
    start,
    async destroy() {
      await kill().catch(() => {});
      rmSync(data, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
