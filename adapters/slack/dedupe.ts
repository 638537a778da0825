/**
 * Remembers which deliveries were already handled. Slack re-sends a request it thinks went unanswered
 * (`X-Slack-Retry-Num` over HTTP, `retry_attempt` over Socket Mode); the trigger id or event id is the
 * same on every copy, so a second copy is acked and dropped instead of starting a second job.
 * In memory: a restart forgets, which costs at most one duplicate right after it.
 */
export class Dedupe {
  readonly #seen = new Map<string, number>();

  constructor(
    private readonly ttlMs = 30 * 60_000,
    private readonly max = 10_000,
  ) {}

  /** True when `key` was seen within the TTL; records it otherwise. */
  repeat(key: string, now = Date.now()): boolean {
    const expires = this.#seen.get(key);
    if (expires !== undefined && expires > now) return true;
    this.#seen.set(key, now + this.ttlMs);
    if (this.#seen.size > this.max) this.#prune(now);
    return false;
  }

  #prune(now: number): void {
    for (const [key, expires] of this.#seen) {
      if (expires <= now || this.#seen.size > this.max) this.#seen.delete(key);
    }
  }
}
