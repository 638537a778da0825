import { UserError } from '../src/errors.js';
import { reply } from '../src/reply/build.js';
import { defineCommand } from './types.js';

export const unsubscribe = defineCommand({
  name: 'unsubscribe',
  summary: 'Stop a scheduled digest or certificate warnings (ids from `subscriptions`)',
  usage: 'unsubscribe <id>',
  examples: ['unsubscribe 3f9a2c'],
  role: 'admin',
  sideEffects: 'store',
  args: { min: 1, max: 1, names: 'ID' },
  async run(ctx) {
    const id = ctx.args[0] ?? '';
    const { store, clock } = ctx.services;
    const audit = (outcome: 'ok' | 'refused', detail: string) =>
      store.audit.append({
        at: clock(),
        actor: ctx.invocation.user,
        action: 'unsubscribe',
        target: id,
        outcome,
        detail,
        correlationId: ctx.correlationId,
      });
    const sub = await store.subscriptions.get(id);
    if (!sub) {
      await audit('refused', 'no such subscription');
      throw new UserError('unknown-subscription', `There is no subscription \`${id}\`.`, {
        hint: '`subscriptions` lists them with their ids.',
      });
    }
    if (sub.source === 'config') {
      await audit('refused', 'from the config file');
      throw new UserError('config-subscription', `Subscription \`${id}\` comes from the bot's config file.`, {
        hint: 'Remove it from `schedules` there and restart the bot; chat cannot change the config.',
      });
    }
    await store.subscriptions.remove(id);
    const what = `${sub.kind} for ${sub.deployment}, "${sub.cron}" ${sub.timezone} → ${sub.channel}`;
    await audit('ok', what);
    return reply('unsubscribe', `Unsubscribed ${id}`, 'ok', {
      lead: `No more ${sub.kind === 'readiness' ? 'readiness digests' : 'certificate warnings'} for ${sub.deployment} in ${sub.channel} (${sub.cron}, ${sub.timezone}). Takes effect on every replica within a minute.`,
      data: { unsubscribed: { ...sub, createdAt: sub.createdAt.toISOString() } },
    });
  },
});
