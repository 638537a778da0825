import { type CliSession, type CommandOptions, type OpenOptions, openCliSession } from './session.js';
import type { SshTarget } from './target.js';

export interface CliPoolOptions {
  /** Sessions open at once across all nodes (default 8). */
  maxSessions?: number;
  /** How sessions are opened; `openCliSession` unless a test or caller wraps it. */
  open?: (target: SshTarget, options: OpenOptions) => Promise<CliSession>;
  onEvent?: OpenOptions['onEvent'];
}

export interface CliPoolStats {
  /** Logins per node hostname during this pool's life. */
  logins: Record<string, number>;
  open: number;
  /** The most sessions that were open at the same time. */
  peakOpen: number;
}

interface Entry {
  key: string;
  session: Promise<CliSession>;
  users: number;
  lastUsed: number;
}

/**
 * One CLI session per node, reused for every command of a run: an ISE login costs seconds and each one
 * risks leaving a resumable screen session behind. Callers for the same node share one opening. At most
 * `maxSessions` are open at once; when full, an idle session of another node is closed to make room.
 * Every login also takes one of the node's slots in its deployment's `NodeSessions` (the target carries
 * it), so all pools, backups and schedules together stay within `ssh.maxSessionsPerNode`.
 */
export class CliPool {
  readonly #max: number;
  readonly #open: NonNullable<CliPoolOptions['open']>;
  readonly #onEvent: CliPoolOptions['onEvent'];
  readonly #entries = new Map<string, Entry>();
  readonly #logins: Record<string, number> = {};
  #peak = 0;
  /** Evicted sessions still saying `exit`: they count against the bound until gone. */
  #closing = 0;
  #waiters: Array<() => void> = [];

  constructor(options: CliPoolOptions = {}) {
    this.#max = Math.max(1, options.maxSessions ?? 8);
    this.#open = options.open ?? openCliSession;
    this.#onEvent = options.onEvent;
  }

  /** Runs one command on the node's session (opened on first use). */
  run(target: SshTarget, command: string, options?: CommandOptions): Promise<string> {
    return this.use(target, (session) => session.run(command, options), options?.signal);
  }

  /** Holds the node's session for `work` (several commands); it is not evicted meanwhile. */
  async use<T>(
    target: SshTarget,
    work: (session: CliSession) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    const entry = await this.#acquire(target, signal);
    try {
      return await work(await entry.session);
    } finally {
      entry.users--;
      entry.lastUsed = Date.now();
      const session = await entry.session.catch(() => undefined);
      // A session that died (timeout, drop) is forgotten so the next command logs in again.
      if (!session || session.closed) this.#forget(entry);
      this.#wake();
    }
  }

  stats(): CliPoolStats {
    return { logins: { ...this.#logins }, open: this.#entries.size + this.#closing, peakOpen: this.#peak };
  }

  async closeAll(): Promise<void> {
    const entries = [...this.#entries.values()];
    this.#entries.clear();
    await Promise.allSettled(entries.map(async (e) => (await e.session).close()));
    this.#wake();
  }

  async #acquire(target: SshTarget, signal?: AbortSignal): Promise<Entry> {
    const key = `${target.address}:${target.port}/${target.username}`;
    for (;;) {
      signal?.throwIfAborted();
      const existing = this.#entries.get(key);
      if (existing) {
        existing.users++;
        return existing;
      }
      if (this.#entries.size + this.#closing < this.#max) return this.#start(key, target, signal);
      this.#evictIdle();
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  #start(key: string, target: SshTarget, signal?: AbortSignal): Entry {
    const options: OpenOptions = {};
    if (signal) options.signal = signal;
    if (this.#onEvent) options.onEvent = this.#onEvent;
    this.#logins[target.hostname] = (this.#logins[target.hostname] ?? 0) + 1;
    const entry: Entry = { key, users: 1, lastUsed: Date.now(), session: this.#open(target, options) };
    entry.session.catch(() => {});
    this.#entries.set(key, entry);
    this.#peak = Math.max(this.#peak, this.#entries.size + this.#closing);
    return entry;
  }

  /** Closes the longest-idle session, if any, to make room; its slot frees once it has logged out. */
  #evictIdle(): void {
    const idle = [...this.#entries.values()]
      .filter((e) => e.users === 0)
      .sort((a, b) => a.lastUsed - b.lastUsed)[0];
    if (!idle) return;
    this.#forget(idle);
    this.#closing++;
    void idle.session
      .then((s) => s.close())
      .catch(() => {})
      .finally(() => {
        this.#closing--;
        this.#wake();
      });
  }

  #forget(entry: Entry): void {
    if (this.#entries.get(entry.key) === entry) this.#entries.delete(entry.key);
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}
