import { groupKey } from '../scheduler/coordinator.js';
import { list, reply, section } from '../src/reply/build.js';
import { at, person } from '../src/reply/inline.js';
import type { Inline } from '../src/reply/model.js';
import { CronSchedule } from '../src/schedule/cron.js';
import type { FireClaim } from '../src/store/fire-claims.js';
import { type CommandContext, defineCommand } from './types.js';

export const subscriptions = defineCommand({
  name: 'subscriptions',
  summary: 'Scheduled digests and certificate warnings: ids, schedules, channels, next post',
  usage: 'subscriptions',
  examples: ['subscriptions'],
  role: 'viewer',
  sideEffects: 'none',
  async run(ctx) {
    const { store, clock } = ctx.services;
    const now = clock();
    const everywhere = seesAllChannels(ctx);
    const scope = everywhere ? 'all channels' : 'this channel';
    const subs = (await store.subscriptions.list()).filter(
      (s) => everywhere || s.channel === ctx.invocation.channel,
    );
    if (subs.length === 0) {
      return reply('subscriptions', `No subscriptions in ${scope}`, 'info', {
        lead: `Nothing is posted to ${scope} on a schedule. An admin can start one: \`subscribe readiness "0 8 * * 1-5" Europe/Berlin\`.`,
        data: { scope, subscriptions: [] },
      });
    }
    const rows = await Promise.all(
      subs.map(async (s) => {
        const next = nextFire(s.cron, s.timezone, now);
        const last = await store.fireClaims.latest(groupKey(s), s.createdAt);
        return { s, next, last };
      }),
    );
    const here = subs.filter((s) => s.channel === ctx.invocation.channel).length;
    const count = `${subs.length} subscription${subs.length === 1 ? '' : 's'}`;
    return reply('subscriptions', `${count} in ${scope}`, 'info', {
      lead:
        everywhere && here > 0
          ? `${here} of them post${here === 1 ? 's' : ''} to this channel. \`unsubscribe <id>\` stops one.`
          : '`unsubscribe <id>` stops one; those from the config file are changed there.',
      sections: [
        // A line per subscription (not a table): its next and last posts are times in the reader's
        // zone and its author a mention, which table cells cannot carry.
        section(undefined, [
          list(
            rows.map(({ s, next, last }): Inline[] => [
              `${s.id} · ${s.kind} of ${s.deployment} · \`${s.cron}\` ${s.timezone} → ${s.channel} · next: `,
              next ? at(next) : 'never',
              ...(last ? [' · last: ', at(last.fireAt), ` ${fireState(last, now).text}`] : []),
              ...(s.source === 'config' ? [' · from the config'] : [' · by ', person(s.createdBy)]),
            ]),
          ),
        ]),
      ],
      data: {
        scope,
        subscriptions: rows.map(({ s, next, last }) => ({
          id: s.id,
          kind: s.kind,
          deployment: s.deployment,
          cron: s.cron,
          timezone: s.timezone,
          channel: s.channel,
          source: s.source,
          createdBy: s.createdBy,
          next: next?.toISOString() ?? null,
          last: last ? { at: last.fireAt.toISOString(), ...fireState(last, now).data } : null,
        })),
      },
    });
  },
});

/**
 * Admins manage every channel's subscriptions, so they see them all; anyone else sees the ones posting
 * where they ask. The CLI and console have no channel of their own and run with the bot's own config
 * and store, so they see all too.
 */
function seesAllChannels(ctx: CommandContext): boolean {
  const local = ctx.invocation.platform === 'cli' || ctx.invocation.platform === 'console';
  return local || ctx.role === 'admin';
}

/** The real state of a fire: its outcome, or who runs it, or that its replica left it unfinished. */
function fireState(
  last: FireClaim,
  now: Date,
): { text: string; data: { outcome: string; owner: string; takenOverFrom: string | null } } {
  const data = { owner: last.owner, takenOverFrom: last.takenOverFrom ?? null };
  const takenOver = last.takenOverFrom === undefined ? '' : ` (taken over from ${last.takenOverFrom})`;
  if (last.outcome)
    return { text: `${last.outcome} by ${last.owner}${takenOver}`, data: { ...data, outcome: last.outcome } };
  if (last.leaseUntil > now)
    return { text: `running on ${last.owner}${takenOver}`, data: { ...data, outcome: 'running' } };
  return {
    text: `left unfinished by ${last.owner}; to be taken over`,
    data: { ...data, outcome: 'abandoned' },
  };
}

function nextFire(cron: string, timezone: string, now: Date): Date | undefined {
  try {
    return new CronSchedule(cron, timezone).next(now);
  } catch {
    // A stored schedule this build cannot read: listed, with no next post, rather than failing the list.
    return undefined;
  }
}
