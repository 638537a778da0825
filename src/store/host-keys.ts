import type { Db } from './db.js';

/** SSH host keys learned on first use (`ssh.acceptUnknownHostKeys`), per deployment and node. */
export class HostKeys {
  constructor(private readonly db: Db) {}

  async get(deployment: string, hostname: string): Promise<string | undefined> {
    const [row] = await this.db.query<{ fingerprint: string }>(
      'SELECT fingerprint FROM host_keys WHERE deployment = ? AND hostname = ?',
      [deployment, hostname],
    );
    return row?.fingerprint;
  }

  /** Remembers a key only if none is known: a changed key must never overwrite the pinned one. */
  async remember(deployment: string, hostname: string, fingerprint: string, at: Date): Promise<void> {
    await this.db.run(
      'INSERT INTO host_keys (deployment, hostname, fingerprint, at) VALUES (?, ?, ?, ?) ON CONFLICT (deployment, hostname) DO NOTHING',
      [deployment, hostname, fingerprint, at.getTime()],
    );
  }
}
