import type { Store } from '../store/store.js';
import { BackupRefused } from './guards.js';
import type { BackupKind } from './request.js';
import { KIND_LABEL } from './request.js';

/** Who holds the deployment's backup lock; kept in the lock itself so any replica can name them. */
export interface LockHolder {
  job: string;
  kind: BackupKind;
  actor: string;
  at: number;
}

export const lockName = (deployment: string) => `backup:${deployment}`;

/**
 * The store lease `backup:<deployment>`: two replicas or two people cannot both start a backup. It
 * expires after `ttlMs` so a crashed bot cannot block backups for long; the holder renews it while the
 * backup runs.
 */
export class BackupLock {
  #timer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly store: Store,
    readonly name: string,
    private readonly owner: string,
  ) {}

  static async acquire(
    store: Store,
    deployment: string,
    holder: LockHolder,
    now: Date,
    ttlMs: number,
  ): Promise<BackupLock> {
    const name = lockName(deployment);
    const owner = JSON.stringify(holder);
    if (await store.locks.acquire(name, owner, now, ttlMs)) return new BackupLock(store, name, owner);
    const current = await store.locks.holder(name, now);
    throw new BackupRefused('backup-busy', `${describeHolder(current)} is running on ${deployment}.`, {
      hint: 'One backup at a time per deployment. `backup status` shows its progress.',
    });
  }

  /** Renews every `everyMs` until released; `onLost` hears if another holder took it meanwhile. */
  keepAlive(clock: () => Date, ttlMs: number, everyMs: number, onLost: () => void): void {
    this.#timer = setInterval(() => {
      this.store.locks.acquire(this.name, this.owner, clock(), ttlMs).then(
        (held) => {
          if (!held) onLost();
        },
        () => onLost(),
      );
    }, everyMs);
    this.#timer.unref();
  }

  async release(): Promise<void> {
    clearInterval(this.#timer);
    await this.store.locks.release(this.name, this.owner);
  }
}

/** "A config backup started by slack:U1 at 10:02 UTC" (or a neutral phrase for a foreign owner). */
export function describeHolder(owner: string | undefined): string {
  const holder = parseHolder(owner);
  if (holder === undefined) return 'Another backup';
  const at = new Date(holder.at).toISOString().slice(11, 16);
  return `A ${KIND_LABEL[holder.kind]} backup started by ${holder.actor} at ${at} UTC`;
}

export function parseHolder(owner: string | undefined): LockHolder | undefined {
  if (owner === undefined) return undefined;
  try {
    const value = JSON.parse(owner) as Partial<LockHolder>;
    if (typeof value.job !== 'string' || typeof value.actor !== 'string' || typeof value.at !== 'number') {
      return undefined;
    }
    if (value.kind !== 'config' && value.kind !== 'operational' && value.kind !== 'logs') return undefined;
    return { job: value.job, kind: value.kind, actor: value.actor, at: value.at };
  } catch {
    return undefined;
  }
}
