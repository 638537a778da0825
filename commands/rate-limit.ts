/**
 * Sliding one-minute windows per key (user, channel). In memory and per replica: a replica behind a
 * load balancer sees a share of the traffic, so the effective limit is at most replicas × the limit.
 */
export class RateLimiter {
  readonly #hits = new Map<string, number[]>();

  constructor(private readonly perMinute: number) {}

  /** True when the call is allowed (and counted); false when `key` is over its limit. */
  take(key: string, now: number): boolean {
    const recent = (this.#hits.get(key) ?? []).filter((t) => now - t < 60_000);
    if (recent.length >= this.perMinute) {
      this.#hits.set(key, recent);
      return false;
    }
    recent.push(now);
    this.#hits.set(key, recent);
    return true;
  }

  /** Seconds until `key` may run again. */
  retryAfter(key: string, now: number): number {
    const oldest = (this.#hits.get(key) ?? [])[0];
    return oldest === undefined ? 0 : Math.max(1, Math.ceil((60_000 - (now - oldest)) / 1000));
  }
}
