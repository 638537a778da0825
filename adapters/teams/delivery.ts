import type { Logger } from '../../src/log.js';
import type { Conversations } from '../../src/store/conversations.js';
import type { Clock } from '../../src/util/time.js';
import { sleep } from '../../src/util/time.js';
import { ConnectorError, TeamsConversationGoneError, TeamsDeliveryError } from './errors.js';

export interface RetryPolicy {
  /** Tries per send, the first included. */
  attempts: number;
  /** First backoff; doubles per attempt up to maxMs, with jitter. */
  baseMs: number;
  maxMs: number;
  /** A Retry-After longer than this gives up rather than holding the conversation's queue. */
  maxRetryAfterMs: number;
  /** Gap between two sends to one conversation: Teams allows a bot 7 messages a second per thread. */
  spacingMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 5,
  baseMs: 500,
  maxMs: 30_000,
  maxRetryAfterMs: 120_000,
  spacingMs: 150,
};

/** Teams' documented transient answers (rate-limit.md); 503 joins them as the connector's "busy". */
const RETRYABLE = new Set([412, 429, 502, 503, 504]);

/** 403/404 that mean the bot is out of the conversation, as opposed to e.g. a deleted message. */
const GONE =
  /conversationnotfound|conversation not found|botnotinconversationroster|not (part of|in) the conversation|bot not in conversation/i;

export function isGone(error: ConnectorError): boolean {
  return (error.status === 403 || error.status === 404) && GONE.test(`${error.code ?? ''} ${error.message}`);
}

export interface DeliveryOptions {
  conversations: Conversations;
  log: Logger;
  clock: Clock;
  policy?: Partial<RetryPolicy>;
  random?: () => number;
}

/**
 * Sends to a conversation one at a time, spaced, retrying throttling and outages with backoff and
 * jitter (honouring Retry-After). Each conversation has its own queue, so one throttled or broken
 * channel never delays another. A conversation the bot was removed from is marked gone in the store
 * and reported with a typed error, never retried.
 */
export class Delivery {
  readonly #tails = new Map<string, Promise<void>>();
  readonly #policy: RetryPolicy;
  readonly #random: () => number;

  constructor(private readonly options: DeliveryOptions) {
    this.#policy = { ...DEFAULT_RETRY, ...options.policy };
    this.#random = options.random ?? Math.random;
  }

  run<T>(target: string, send: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(target) ?? Promise.resolve();
    const result = previous.then(() => this.#attempt(target, send));
    const tail = result.then(
      () => sleep(this.#policy.spacingMs),
      () => sleep(this.#policy.spacingMs),
    );
    this.#tails.set(target, tail);
    void tail.then(() => {
      if (this.#tails.get(target) === tail) this.#tails.delete(target);
    });
    return result;
  }

  /** Resolves when every queued send has finished (shutdown waits for it). */
  async idle(): Promise<void> {
    while (this.#tails.size > 0) await Promise.allSettled([...this.#tails.values()]);
  }

  async #attempt<T>(target: string, send: () => Promise<T>): Promise<T> {
    const { attempts, maxRetryAfterMs } = this.#policy;
    for (let attempt = 1; ; attempt++) {
      try {
        return await send();
      } catch (error) {
        if (!(error instanceof ConnectorError)) throw error;
        if (isGone(error)) throw await this.#markGone(target, error);
        const transient = error.status === undefined || RETRYABLE.has(error.status);
        const wait = this.#delay(error, attempt);
        const detail = `${error.status ?? error.code ?? 'network'} ${error.message}`;
        if (!transient || attempt >= attempts || wait > maxRetryAfterMs) {
          this.options.log.warn(
            { target, status: error.status, code: error.code, attempt },
            'teams post failed',
          );
          throw new TeamsDeliveryError(target, error.status, detail, attempt);
        }
        this.options.log.info({ target, status: error.status, attempt, waitMs: wait }, 'teams post retried');
        await sleep(wait);
      }
    }
  }

  #delay(error: ConnectorError, attempt: number): number {
    const { baseMs, maxMs } = this.#policy;
    const backoff = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
    // "Equal jitter": at least half the backoff, so retries spread out but never bunch at zero.
    const jittered = backoff / 2 + (this.#random() * backoff) / 2;
    if (error.retryAfterMs === undefined) return Math.round(jittered);
    // The server named a time: wait that long, plus a little jitter so queues do not retry in step.
    return Math.round(error.retryAfterMs + this.#random() * Math.min(baseMs, 1000));
  }

  async #markGone(target: string, error: ConnectorError): Promise<TeamsConversationGoneError> {
    const reason = `${error.status} ${error.code ?? ''} ${error.message}`.replace(/\s+/g, ' ').trim();
    const at = this.options.clock();
    await this.options.conversations.markGone(target, reason, at);
    this.options.log.warn({ target, status: error.status, code: error.code }, 'teams conversation gone');
    return new TeamsConversationGoneError(target, reason, at);
  }
}
