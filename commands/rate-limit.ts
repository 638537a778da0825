/** What one call to `take` found: allowed, the first refusal of a spell over the limit, or a later one. */
export type Take = 'allowed' | 'limited' | 'still-limited';

/**
 * Sliding one-minute windows per key (user, channel). In memory and per replica: a replica behind a
 * load balancer sees a share of the traffic, so the effective limit is at most replicas × the limit.
 */
export class RateLimiter {
  readonly #hits = new Map<string, number[]>();
  /** Keys refused since their last allowed call: their later refusals are not reported one by one. */
  readonly #limited = new Set<string>();

  constructor(private readonly perMinute: number) {}

  /** Counts the call when `key` is under its limit; says whether this is the first refusal in a row. */
  take(key: string, now: number): Take {
    const recent = (this.#hits.get(key) ?? []).filter((t) => now - t < 60_000);
    if (recent.length >= this.perMinute) {
      this.#hits.set(key, recent);
      if (this.#limited.has(key)) return 'still-limited';
      this.#limited.add(key);
      return 'limited';
    }
    this.#limited.delete(key);
    recent.push(now);
    this.#hits.set(key, recent);
    return 'allowed';
  }

  /** Seconds until `key` may run again. */
  retryAfter(key: string, now: number): number {
    const oldest = (this.#hits.get(key) ?? [])[0];
    return oldest === undefined ? 0 : Math.max(1, Math.ceil((60_000 - (now - oldest)) / 1000));
  }
}
