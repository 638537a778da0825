import type { App, BlockAction, ButtonAction, RespondFn } from '@slack/bolt';
import { newCorrelationId } from '../../commands/dispatcher.js';
import type { Invocation } from '../../commands/types.js';
import { ACTION_PREFIX } from './blocks.js';
import { deliverReply, isPersonal, type Runtime, startProgress } from './runtime.js';

interface Click {
  /** The neutral action id: `confirm`, `cancel`, `details`, `rerun`, `ack`, ... */
  id: string;
  command: string;
  user: string;
  channel: string;
  messageTs: string | undefined;
  respond: RespondFn;
}

/**
 * Buttons on our messages. A click runs the button's command as the person who clicked (the
 * dispatcher checks *their* role, not the requester's); Slack has already shown the confirmation
 * dialog, and a denied dialog sends nothing, so a `confirm` click arrives confirmed.
 */
export function registerActions(app: App, rt: Runtime): void {
  app.action<BlockAction<ButtonAction>>(
    { type: 'block_actions', action_id: new RegExp(`^${ACTION_PREFIX}`) },
    async ({ ack, body, action, respond }) => {
      const channel = body.channel?.id ?? String(body.container.channel_id ?? '');
      if (rt.dedupe.repeat(`action:${body.trigger_id}:${action.action_id}`) || !channel) {
        await ack();
        return;
      }
      const click: Click = {
        id: action.action_id.slice(ACTION_PREFIX.length).split(':')[0] ?? '',
        command: action.value ?? '',
        user: body.user.id,
        channel,
        messageTs: body.message?.ts ?? (body.container.message_ts as string | undefined),
        respond,
      };
      // Tracked in the tick that writes the HTTP 200 (see slash.ts).
      const acked = ack();
      rt.track(acked.then(() => (click.id === 'cancel' ? cancel(rt, click) : runClick(rt, click))));
      await acked;
    },
  );
}

/**
 * Cancel needs the role of the command it cancels (the dispatcher checks and audits it). Allowed: only
 * the prompt changes, so nobody clicks Confirm on it later. Refused: the clicker alone is told, and the
 * prompt stays.
 */
async function cancel(rt: Runtime, click: Click): Promise<void> {
  const invocation: Invocation = {
    platform: 'slack',
    user: `slack:${click.user}`,
    channel: `slack:${click.channel}`,
    text: click.command,
    cancel: true,
  };
  const correlationId = newCorrelationId();
  try {
    const reply = await rt.dispatcher().dispatch(invocation, { correlationId });
    if (reply.kind !== 'cancelled') {
      await deliverReply(rt, reply, { channel: click.channel, respond: click.respond });
      return;
    }
    await click
      .respond({ replace_original: true, text: `Cancelled by <@${click.user}>.` })
      .catch((error) => rt.log.warn({ err: error }, 'slack response_url post failed'));
  } catch (error) {
    rt.log.error({ err: error, correlationId }, 'cancel click delivery failed');
  }
}

async function runClick(rt: Runtime, click: Click): Promise<void> {
  const confirmed = click.id === 'confirm';
  const invocation: Invocation = {
    platform: 'slack',
    user: `slack:${click.user}`,
    channel: `slack:${click.channel}`,
    text: click.command,
    ...(confirmed ? { confirmed: true } : {}),
  };
  const correlationId = newCorrelationId();
  const heading = `<@${click.user}> clicked ${click.id}`;
  // Details and acknowledgements answer in the clicked message's thread, quietly: no progress line.
  const threadTs = click.id === 'details' || click.id === 'ack' ? click.messageTs : undefined;
  // A confirmed job edits the prompt it came from; other buttons answer with a message of their own.
  const progress = threadTs
    ? undefined
    : startProgress(rt, click.channel, heading, confirmed ? click.messageTs : undefined);
  try {
    const reply = await rt.dispatcher().dispatch(invocation, {
      progress: (line) => progress?.push(line),
      correlationId,
    });
    const progressTs = await progress?.close();
    if (isPersonal(reply)) {
      // A refusal goes to the clicker alone; the prompt stays for someone who may click it.
      await deliverReply(rt, reply, { channel: click.channel, respond: click.respond });
      return;
    }
    await deliverReply(rt, reply, {
      channel: click.channel,
      replaceTs: progressTs,
      threadTs,
      respond: click.respond,
    });
  } catch (error) {
    await progress?.close();
    rt.log.error({ err: error, correlationId }, 'button click delivery failed');
  }
}
