import type { Logger } from '../src/log.js';
import type { Reply } from '../src/reply/model.js';
import type { Poster, PostOptions, PostResult } from '../src/reply/post.js';
import type { FireClaims, FireRef } from '../src/store/fire-claims.js';
import type { Clock } from '../src/util/time.js';

/** Where the per-target outcome goes for /healthz (Telemetry.post has this shape). */
export interface PostHealth {
  post(target: string, ok: boolean, error?: string): void;
}

/**
 * The scheduler's only way to chat: the neutral Poster, with every outcome recorded per target, and
 * targets isolated from each other (STYLE.md §9) — an archived channel or a revoked app fails its own
 * posts, logged and visible in health, never the other channels' ones.
 */
export class Posting {
  constructor(
    private readonly poster: Poster,
    private readonly health: PostHealth,
    private readonly log: Logger,
    /** Where each fire's post per channel is recorded (postOnce). */
    private readonly records?: { fireClaims: FireClaims; clock: Clock },
  ) {}

  /**
   * Posts a fire's message to `target` unless this fire already posted there (a take-over after the
   * post happened), and records the post id. The one window left: the platform accepted the post and
   * this replica died before the record was written; the fire is then taken over and posted again.
   */
  async postOnce(fire: FireRef, target: string, reply: Reply): Promise<PostResult> {
    const records = this.records;
    if (!records) return this.post(target, reply);
    const earlier = await records.fireClaims.posted(fire, target);
    if (earlier !== undefined) {
      this.log.info(
        { target, fire: fire.fireAt.toISOString(), postId: earlier },
        'this fire was already posted to this target; not posting again',
      );
      return earlier === '' ? {} : { thread: earlier };
    }
    const result = await this.post(target, reply);
    await records.fireClaims
      .recordPost(fire, target, result.thread ?? '', records.clock())
      .catch((error: unknown) =>
        // Posted all the same; only a take-over of this very fire could post it again.
        this.log.warn({ target, err: error }, 'could not record a scheduled post'),
      );
    return result;
  }

  /** Posts one reply; records the outcome; rethrows a failure so the caller can undo its claim. */
  async post(target: string, reply: Reply, options: PostOptions = {}): Promise<PostResult> {
    try {
      const result = await this.poster.post(target, reply, options);
      this.health.post(target, true);
      return result ?? {};
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.health.post(target, false, message);
      this.log.debug({ target, kind: reply.kind, err: error }, 'scheduled post failed');
      throw error;
    }
  }

  /**
   * Runs `work` for every target at once and waits for all of them (Promise.allSettled); a target
   * whose work fails is logged and reported back, the others carry on.
   */
  async eachTarget(
    targets: readonly string[],
    work: (target: string) => Promise<void>,
  ): Promise<{ ok: string[]; failed: string[] }> {
    const unique = [...new Set(targets)];
    const results = await Promise.allSettled(unique.map((t) => work(t)));
    const outcome = { ok: [] as string[], failed: [] as string[] };
    results.forEach((r, i) => {
      const target = unique[i] as string;
      if (r.status === 'fulfilled') outcome.ok.push(target);
      else {
        outcome.failed.push(target);
        this.log.warn(
          { target, err: r.reason },
          'scheduled job failed for this target; the others went ahead',
        );
      }
    });
    return outcome;
  }
}
