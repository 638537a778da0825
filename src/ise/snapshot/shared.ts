import { setMaxListeners } from 'node:events';
import type { Clock } from '../../util/time.js';
import type { Need, Snapshot } from './types.js';

/** How one request came by its snapshot. */
export type SnapshotOrigin =
  /** It started the collection. */
  | { kind: 'own' }
  /** It joined a collection already in flight for another request. */
  | { kind: 'joined'; startedAt: Date }
  /** A collection finished `ageMs` ago answered it (`readiness.reuseSeconds`). */
  | { kind: 'reused'; startedAt: Date; ageMs: number };

export interface SharedSnapshot {
  snapshot: Snapshot;
  origin: SnapshotOrigin;
  /** True for the first caller of each `key` among all the requests this snapshot answered. */
  first(key: string): boolean;
}

export interface JoinRequest {
  /** Only collections by the same collector are shared (a test's own collector shares with no other). */
  collector: unknown;
  needs: ReadonlySet<Need>;
  /** Reads ISE; runs once however many join, with a signal of its own and progress for all of them. */
  start: (signal: AbortSignal, progress: (text: string) => void) => Promise<Snapshot>;
  /** This request leaving; the collection stops only when every request that joined it has left. */
  signal?: AbortSignal;
  progress?: (text: string) => void;
  /** When the request was made: a collection it starts started then. */
  now: Date;
  clock: Clock;
}

interface Flight {
  collector: unknown;
  needs: ReadonlySet<Need>;
  startedAt: Date;
  controller: AbortController;
  members: number;
  listeners: Set<(text: string) => void>;
  result: Promise<Snapshot>;
  /** Set once the collection resolved (by the clock of the request that started it). */
  finishedAt?: Date;
  claimed: Set<string>;
}

/**
 * One deployment's snapshot collections, shared: a request whose needs a collection in flight covers
 * joins it instead of reading ISE again (twenty people asking `readiness` at once is one SSH login per
 * node, not twenty), and with `reuseMs` a collection finished that recently answers too. Each request
 * still evaluates its own checks and target over the shared snapshot. A request that leaves (its
 * command aborted) leaves alone; the collection is aborted when the last one has left.
 */
export class SharedCollections {
  readonly #flying = new Set<Flight>();
  /** Finished collections young enough to reuse, newest last. */
  #finished: Flight[] = [];

  constructor(private readonly reuseMs = 0) {}

  async join(request: JoinRequest): Promise<SharedSnapshot> {
    request.signal?.throwIfAborted();
    const { now } = request;
    const reusable = this.#reusable(request, now);
    if (reusable?.finishedAt) {
      const ageMs = now.getTime() - reusable.finishedAt.getTime();
      request.progress?.(`using the run that finished ${Math.round(ageMs / 1000)} s ago…`);
      return this.#answer(reusable, await reusable.result, {
        kind: 'reused',
        startedAt: reusable.startedAt,
        ageMs,
      });
    }
    const flying = [...this.#flying].find((f) => !f.controller.signal.aborted && this.#serves(f, request));
    if (flying) {
      const ago = Math.max(0, Math.round((now.getTime() - flying.startedAt.getTime()) / 1000));
      request.progress?.(
        `joining the read already under way (started ${ago} s ago for ${flying.members === 1 ? 'another request' : `${flying.members} other requests`})…`,
      );
      return this.#wait(flying, request, { kind: 'joined', startedAt: flying.startedAt });
    }
    return this.#wait(this.#start(request, now), request, { kind: 'own' });
  }

  /** At shutdown: every collection in flight stops, whoever waits for it. */
  abortAll(reason: Error): void {
    for (const flight of this.#flying) flight.controller.abort(reason);
    this.#finished = [];
  }

  #serves(flight: Flight, request: JoinRequest): boolean {
    return flight.collector === request.collector && [...request.needs].every((n) => flight.needs.has(n));
  }

  #reusable(request: JoinRequest, now: Date): Flight | undefined {
    this.#finished = this.#finished.filter(
      (f) => f.finishedAt && now.getTime() - f.finishedAt.getTime() < this.reuseMs,
    );
    return this.#finished.findLast((f) => this.#serves(f, request));
  }

  #start(request: JoinRequest, now: Date): Flight {
    const controller = new AbortController();
    // Every ISE call and SSH command of the read watches this signal, as a command's own (dispatcher).
    setMaxListeners(1000, controller.signal);
    const listeners = new Set<(text: string) => void>();
    const flight: Flight = {
      collector: request.collector,
      needs: request.needs,
      startedAt: now,
      controller,
      members: 0,
      listeners,
      claimed: new Set(),
      result: request.start(controller.signal, (text) => {
        for (const listener of listeners) listener(text);
      }),
    };
    this.#flying.add(flight);
    flight.result.then(
      () => {
        this.#flying.delete(flight);
        flight.finishedAt = request.clock();
        if (this.reuseMs > 0) this.#finished.push(flight);
      },
      () => this.#flying.delete(flight),
    );
    return flight;
  }

  async #wait(flight: Flight, request: JoinRequest, origin: SnapshotOrigin): Promise<SharedSnapshot> {
    const { signal, progress } = request;
    flight.members++;
    if (progress) flight.listeners.add(progress);
    let onAbort: (() => void) | undefined;
    try {
      const left = new Promise<never>((_, reject) => {
        onAbort = () => reject(signal?.reason);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
      return this.#answer(flight, await Promise.race([flight.result, left]), origin);
    } finally {
      if (onAbort) signal?.removeEventListener('abort', onAbort);
      if (progress) flight.listeners.delete(progress);
      flight.members--;
      // The last one out of an unfinished collection stops it: nobody waits for its answer any more.
      if (flight.members === 0 && this.#flying.has(flight))
        flight.controller.abort(signal?.reason ?? new Error('nobody waits for this collection'));
    }
  }

  #answer(flight: Flight, snapshot: Snapshot, origin: SnapshotOrigin): SharedSnapshot {
    return {
      snapshot,
      origin,
      first: (key) => {
        if (flight.claimed.has(key)) return false;
        flight.claimed.add(key);
        return true;
      },
    };
  }
}
