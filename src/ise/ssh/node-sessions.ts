import { IseSshError } from '../errors.js';

/**
 * The CLI sessions the bot holds per node (logins under way and open sessions), one registry per
 * deployment (`Deployments`) shared by readiness, checks, backups and schedules. It does two things:
 * - caps them at `limit` per node (`ssh.maxSessionsPerNode`): a login beyond it waits for one to end;
 * - lets a node that allows no more concurrent CLI sessions (ISE's "Maximum Concurrent Sessions" for
 *   the CLI, 1 on a STIG-hardened node) make the bot's next login wait for the bot's own session to
 *   end, instead of failing: a readiness read queues behind a backup on the PAN, and the other way round.
 */
export class NodeSessions {
  readonly #held = new Map<string, number>();
  readonly #waiters = new Map<string, Set<() => void>>();

  constructor(readonly limit = Number.POSITIVE_INFINITY) {}

  /** Sessions held on `node` now. */
  held(node: string): number {
    return this.#held.get(node) ?? 0;
  }

  /**
   * Holds one of the node's `limit` slots, waiting (in no particular order) for one to be released when
   * all are held; `onQueued` hears once that this login waits. Rejects with the signal's reason.
   */
  async acquire(
    node: string,
    signal?: AbortSignal,
    onQueued?: (reason: string) => void,
  ): Promise<() => void> {
    let told = false;
    while (this.held(node) >= this.limit) {
      if (!told)
        onQueued?.(
          `the bot already holds ${this.limit === 1 ? 'a CLI session' : `${this.limit} CLI sessions`} on this node (ssh.maxSessionsPerNode: ${this.limit})`,
        );
      told = true;
      await this.released(node, signal);
    }
    signal?.throwIfAborted();
    return this.hold(node);
  }

  /** Counts one session on `node`; the returned function releases it (once, however often called). */
  hold(node: string): () => void {
    this.#held.set(node, this.held(node) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = this.held(node) - 1;
      if (left > 0) this.#held.set(node, left);
      else this.#held.delete(node);
      const waiters = this.#waiters.get(node);
      this.#waiters.delete(node);
      for (const wake of waiters ?? []) wake();
    };
  }

  /** Resolves when one of the sessions held on `node` is released; rejects with the signal's reason. */
  released(node: string, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const waiters = this.#waiters.get(node) ?? new Set<() => void>();
      this.#waiters.set(node, waiters);
      const onAbort = () => {
        waiters.delete(wake);
        reject(signal?.reason);
      };
      const wake = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      waiters.add(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/** For targets built without a deployment's registry (tools, tests): the process's, without a cap. */
export const botSessions = new NodeSessions();

/** After the bot's own session ended, the node may take a moment to count it gone: ask again this often. */
export const LIMIT_GRACE_RETRIES = 3;
export const LIMIT_GRACE_MS = 1_000;

/** The node refused another CLI session: its concurrent-session limit is reached. */
export class CliSessionLimitError extends IseSshError {
  constructor(
    hostname: string,
    readonly line: string,
  ) {
    super(
      hostname,
      `refused another CLI session: its limit of concurrent CLI sessions is reached ("${line}")`,
      "Someone else is logged in to this node's CLI. Try again when they have logged out, or raise " +
        '"Maximum Concurrent Sessions" for the CLI (Administration > System > Admin Access > Settings > Access).',
    );
  }
}
