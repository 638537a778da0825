import { webApi } from '@slack/bolt';
import type { Logger } from '../../src/log.js';
import { sleep as realSleep } from '../../src/util/time.js';
import { toPostError } from './errors.js';

export interface QueueOptions {
  /**
   * Spacing between calls to one channel. chat.postMessage allows about one message per second per
   * channel (chat-platforms.md §5); a report with thread replies is a burst that would otherwise hit it.
   */
  intervalMs: number;
  /** Tries after a 429 or a network/5xx failure before the error goes to the caller. */
  maxRetries: number;
  log: Logger;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Serialises Web API calls per channel, spaced by `intervalMs`, and retries a 429 after the
 * Retry-After Slack sent (the WebClient is built with `rejectRateLimitedCalls`, so it is our decision,
 * made per channel, rather than a pause of the whole client). Other failures become SlackPostErrors.
 */
export class ChannelQueue {
  readonly #tails = new Map<string, Promise<unknown>>();
  readonly #last = new Map<string, number>();
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: QueueOptions) {
    this.#sleep = options.sleep ?? ((ms) => realSleep(ms));
  }

  run<T>(channel: string, call: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(channel) ?? Promise.resolve();
    const next = previous.catch(() => {}).then(() => this.#attempt(channel, call));
    const tail = next.catch(() => {});
    this.#tails.set(channel, tail);
    void tail.then(() => {
      if (this.#tails.get(channel) === tail) this.#tails.delete(channel);
    });
    return next;
  }

  async #attempt<T>(channel: string, call: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const wait = (this.#last.get(channel) ?? 0) + this.options.intervalMs - Date.now();
      if (wait > 0) await this.#sleep(wait);
      try {
        const result = await call();
        this.#last.set(channel, Date.now());
        return result;
      } catch (error) {
        this.#last.set(channel, Date.now());
        const delay = retryDelay(error, attempt);
        if (delay === undefined || attempt >= this.options.maxRetries) throw toPostError(error, channel);
        this.options.log.warn(
          { channel, attempt: attempt + 1, delayMs: delay, err: error },
          'slack call retried',
        );
        await this.#sleep(delay);
      }
    }
  }
}

/** How long to wait before retrying, or undefined when retrying cannot help. */
function retryDelay(error: unknown, attempt: number): number | undefined {
  if (error instanceof webApi.WebAPIRateLimitedError) return Math.max(1, error.retryAfter) * 1000;
  const transient =
    error instanceof webApi.WebAPIRequestError ||
    (error instanceof webApi.WebAPIHTTPError && error.statusCode >= 500);
  return transient ? 500 * 2 ** attempt : undefined;
}
