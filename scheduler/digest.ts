import { compareRuns, describeChanges } from '../src/checks/changes.js';
import { readinessReply } from '../src/checks/report.js';
import type { ReadinessOutcome } from '../src/checks/run.js';
import { isUserError } from '../src/errors.js';
import type { Services } from '../src/services.js';
import type { Job } from './coordinator.js';
import { digestFailedReply, digestReply } from './digest-reply.js';
import type { Posting } from './posting.js';

/**
 * One readiness run for the deployment through the readiness service (the same one `readiness` runs),
 * recorded in the history with trigger `schedule` so the next digest can say what changed.
 */
export type DigestReadiness = (deployment: string, signal: AbortSignal) => Promise<ReadinessOutcome>;

/**
 * The readiness digest: the service's run rendered by the readiness report renderer, cut down to a
 * short post (counts, blocking items, changes since the last digest) with the full report as detail
 * sections, which chat adapters put in a thread or behind "Show details".
 */
export function createDigestJob(services: Services, posting: Posting, readiness: DigestReadiness): Job {
  return {
    async run(subscriptions, scheduledAt, signal, fire) {
      const first = subscriptions[0];
      if (!first) return undefined;
      const targets = subscriptions.map((s) => s.channel);
      let outcome: ReadinessOutcome;
      try {
        outcome = await readiness(first.deployment, signal);
      } catch (error) {
        // Stopped (shutdown, lost claim), not failed: the run is given back, nothing is said in chat.
        signal.throwIfAborted();
        const reason = isUserError(error) ? error.message : 'an unexpected error (details in the bot log)';
        const failed = digestFailedReply(first.deployment, scheduledAt, first.timezone, reason);
        await posting.eachTarget(targets, async (t) => void (await posting.postOnce(fire, t, failed)));
        throw error;
      }
      // A run cut short by the signal may come back with its checks unread: that is no digest to post.
      signal.throwIfAborted();
      const previous = await services.store.runs
        .latest(outcome.deployment, outcome.startedAt, 'schedule')
        .catch((error: unknown) => {
          services.log.warn({ err: error }, 'digest history unavailable');
          return undefined;
        });
      const changes = previous ? compareRuns(previous.findings, outcome.findings) : undefined;
      const digest = digestReply({
        full: readinessReply(outcome),
        outcome,
        scheduledAt,
        timezone: first.timezone,
        ...(previous && changes
          ? { since: { at: previous.at, changes, text: describeChanges(changes) } }
          : {}),
      });
      const { ok } = await posting.eachTarget(
        targets,
        async (t) => void (await posting.postOnce(fire, t, digest)),
      );
      return ok.length === 0 ? 'failed' : 'posted';
    },
  };
}
