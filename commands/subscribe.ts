import { UsageError, UserError } from '../src/errors.js';
import { list, reply, section } from '../src/reply/build.js';
import { at } from '../src/reply/inline.js';
import { checkSchedule } from '../src/schedule/check.js';
import { canonicalTimezone, formatLocal } from '../src/schedule/cron.js';
import {
  type NewSubscription,
  type SubscriptionKind,
  SubscriptionLimitReached,
} from '../src/store/subscriptions.js';
import { type CommandContext, DEPLOYMENT_FLAG, defineCommand, flag } from './types.js';

const KINDS: readonly SubscriptionKind[] = ['readiness', 'certs'];
/** A channel needs a digest or a certificate check at most hourly; more often is a typo or spam. */
const MIN_INTERVAL_MS = 3_600_000;

const WHAT: Record<SubscriptionKind, string> = {
  readiness: 'a readiness digest',
  certs: 'certificate-expiry warnings',
};

const USAGE = 'subscribe readiness|certs "<cron>" [TIMEZONE] [--deployment NAME]';

export const subscribe = defineCommand({
  name: 'subscribe',
  summary: 'Post a readiness digest or certificate warnings to this channel on a schedule',
  usage: USAGE,
  examples: [
    'subscribe readiness "0 8 * * 1-5" Europe/Berlin',
    'subscribe certs "0 9 * * *" America/New_York --deployment prod',
  ],
  role: 'admin',
  sideEffects: 'store',
  args: { min: 2, max: 3, names: 'KIND CRON [TIMEZONE]' },
  flags: [
    DEPLOYMENT_FLAG,
    {
      name: 'channel',
      value: 'TARGET',
      description: 'post to slack:<channel> or teams:<conversation> instead of here (needed at the CLI)',
    },
  ],
  async run(ctx) {
    const [kindArg = '', cron = '', zoneArg = 'UTC'] = ctx.args;
    const kind = kindArg.toLowerCase() as SubscriptionKind;
    if (!KINDS.includes(kind)) {
      throw new UsageError(
        `I can post \`readiness\` or \`certs\` on a schedule, not \`${kindArg}\`.`,
        `Usage: ${USAGE}`,
      );
    }
    const { clock, config, deployments } = ctx.services;
    const now = clock();
    const checked = checkSchedule(cron, zoneArg, now, { minIntervalMs: MIN_INTERVAL_MS });
    if (!checked.ok) {
      await audit(ctx, 'refused', `${kind} "${cron}" ${zoneArg}`, checked.problem);
      throw new UsageError(checked.problem, `For example: \`${checked.example}\``);
    }
    const deployment = deployments.get(flag(ctx, 'deployment')).name;
    const channel = targetOf(ctx);
    const timezone = canonicalTimezone(zoneArg);
    const order = `${kind} ${deployment} "${cron}" ${timezone} → ${channel}`;
    const allowed = config.access?.channels ?? [];
    if (allowed.length > 0 && !allowed.includes(channel)) {
      await audit(ctx, 'refused', order, 'channel not in access.channels');
      throw new UserError('channel-not-allowed', `The bot may not post to ${channel}.`, {
        hint: 'It is not in `access.channels` in the bot config: subscribe one of those channels, or ask whoever runs the bot to add it.',
      });
    }
    const { subscription, created } = await addWithinLimits(ctx, order, now, {
      kind,
      deployment,
      cron: cron.trim(),
      timezone,
      channel,
      createdBy: ctx.invocation.user,
    });
    if (created) await audit(ctx, 'ok', `${subscription.id} ${order}`);
    // The schedule's own wall clock (what the cron means, DST included), then the reader's time.
    const next = checked.next.map((d) => [`${formatLocal(d, timezone)} · your time: `, at(d)]);
    return reply(
      'subscribe',
      created
        ? `Subscribed ${channel} to ${WHAT[kind]} for ${deployment}`
        : `${channel} already has this subscription (${subscription.id})`,
      created ? 'ok' : 'info',
      {
        lead: `\`${cron.trim()}\` in ${timezone}. \`unsubscribe ${subscription.id}\` stops it.`,
        sections: [section('Next three posts', [list(next)])],
        context: { deployment },
        data: {
          subscription: {
            id: subscription.id,
            kind,
            deployment,
            cron: subscription.cron,
            timezone,
            channel,
            next: checked.next.map((d) => d.toISOString()),
          },
        },
      },
    );
  },
});

const LIMIT_KEYS = {
  channel: 'limits.subscriptionsPerChannel',
  deployment: 'limits.subscriptionsPerDeployment',
} as const;

/** Stores the subscription unless its channel or deployment is full, which is refused and audited. */
async function addWithinLimits(ctx: CommandContext, order: string, at: Date, sub: NewSubscription) {
  const { store, config } = ctx.services;
  const limits = {
    perChannel: config.limits.subscriptionsPerChannel,
    perDeployment: config.limits.subscriptionsPerDeployment,
  };
  try {
    return await store.subscriptions.add(sub, at, limits);
  } catch (error) {
    if (!(error instanceof SubscriptionLimitReached)) throw error;
    const key = LIMIT_KEYS[error.scope];
    await audit(ctx, 'refused', order, `${key} (${error.limit}) reached`);
    const full = error.scope === 'channel' ? sub.channel : `Deployment ${sub.deployment}`;
    throw new UserError(
      'subscription-limit',
      `${full} already has ${error.limit} subscriptions, the most allowed per ${error.scope}.`,
      {
        hint: `\`subscriptions\` lists them and \`unsubscribe <id>\` removes one; the limit is \`${key}\` in the bot config.`,
      },
    );
  }
}

/** The channel typed in; at the CLI or console there is none, so `--channel` must name one. */
function targetOf(ctx: CommandContext): string {
  const explicit = flag(ctx, 'channel');
  if (explicit !== undefined) {
    if (!/^(slack|teams):\S+$/.test(explicit)) {
      throw new UsageError(
        `"${explicit}" is not a channel.`,
        'Use slack:<channel id> or teams:<conversation id>.',
      );
    }
    return explicit;
  }
  if (ctx.invocation.platform === 'slack' || ctx.invocation.platform === 'teams')
    return ctx.invocation.channel;
  throw new UserError('no-channel', 'There is no chat channel here to post to.', {
    hint: 'Name one: --channel slack:C0123456 (or teams:<conversation id>).',
  });
}

async function audit(
  ctx: CommandContext,
  outcome: 'ok' | 'refused',
  target: string,
  detail?: string,
): Promise<void> {
  await ctx.services.store.audit.append({
    at: ctx.services.clock(),
    actor: ctx.invocation.user,
    action: 'subscribe',
    target,
    outcome,
    ...(detail === undefined ? {} : { detail }),
    correlationId: ctx.correlationId,
  });
}
