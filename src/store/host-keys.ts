import type { Logger } from '../log.js';
import type { AuditLog } from './audit.js';
import type { Db } from './db.js';

/** A host key the bot trusted on first use. */
export interface StoredHostKey {
  deployment: string;
  hostname: string;
  fingerprint: string;
  at: Date;
}

/**
 * SSH host keys learned on first use (`ssh.acceptUnknownHostKeys`), per deployment and node. Once a key
 * is stored it is the node's pin: a different key is refused until an admin runs `hostkeys forget`.
 */
export class HostKeys {
  constructor(
    private readonly db: Db,
    private readonly audit?: AuditLog,
    private readonly log?: Logger,
  ) {}

  async get(deployment: string, hostname: string): Promise<string | undefined> {
    const [row] = await this.db.query<{ fingerprint: string }>(
      'SELECT fingerprint FROM host_keys WHERE deployment = ? AND hostname = ?',
      [deployment, hostname],
    );
    return row?.fingerprint;
  }

  /** Every stored key, of one deployment or of all, by deployment and node. */
  async list(deployment?: string): Promise<StoredHostKey[]> {
    const rows = await this.db.query<{
      deployment: string;
      hostname: string;
      fingerprint: string;
      at: number;
    }>(
      deployment === undefined
        ? 'SELECT deployment, hostname, fingerprint, at FROM host_keys ORDER BY deployment, hostname'
        : 'SELECT deployment, hostname, fingerprint, at FROM host_keys WHERE deployment = ? ORDER BY hostname',
      deployment === undefined ? [] : [deployment],
    );
    return rows.map((r) => ({ ...r, at: new Date(Number(r.at)) }));
  }

  /**
   * Remembers a key only if none is known: a changed key must never overwrite the stored one. Returns
   * the key stored for the node afterwards, which is another one when a concurrent login stored first
   * (the caller must then refuse). A key stored here is audited and logged with its fingerprint.
   */
  async remember(
    deployment: string,
    hostname: string,
    fingerprint: string,
    at: Date,
  ): Promise<string | undefined> {
    const inserted = await this.db.run(
      'INSERT INTO host_keys (deployment, hostname, fingerprint, at) VALUES (?, ?, ?, ?) ON CONFLICT (deployment, hostname) DO NOTHING',
      [deployment, hostname, fingerprint, at.getTime()],
    );
    if (inserted === 0) return this.get(deployment, hostname);
    this.log?.warn(
      { deployment, node: hostname, fingerprint },
      `trusted the SSH host key ${fingerprint} of ${hostname} (${deployment}) on first use; later connections must present it`,
    );
    await this.audit?.append({
      at,
      actor: 'bot',
      action: 'hostkey.trusted',
      target: `${deployment}/${hostname}`,
      outcome: 'ok',
      detail: `first use: ${fingerprint}`,
    });
    return fingerprint;
  }

  /** A login refused because the node offered another key than the pinned or stored one: audited and logged. */
  async refused(
    deployment: string,
    hostname: string,
    expected: string,
    offered: string,
    at: Date,
  ): Promise<void> {
    this.log?.warn(
      { deployment, node: hostname, expected, offered },
      `refused ${hostname} (${deployment}) before logging in: its SSH host key ${offered} is not the known ${expected}`,
    );
    await this.audit?.append({
      at,
      actor: 'bot',
      action: 'hostkey.refused',
      target: `${deployment}/${hostname}`,
      outcome: 'refused',
      detail: `expected ${expected}, offered ${offered}`,
    });
  }

  /** Forgets the node's stored key (the next connection trusts what it is offered); returns the old one. */
  async forget(deployment: string, hostname: string): Promise<string | undefined> {
    const known = await this.get(deployment, hostname);
    if (known === undefined) return undefined;
    await this.db.run('DELETE FROM host_keys WHERE deployment = ? AND hostname = ?', [deployment, hostname]);
    return known;
  }
}
