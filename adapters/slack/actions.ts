import type {
  App,
  BlockAction,
  ButtonAction,
  OverflowAction,
  RespondFn,
  StaticSelectAction,
  types,
} from '@slack/bolt';
import { newCorrelationId } from '../../commands/dispatcher.js';
import type { Invocation } from '../../commands/types.js';
import type { Reply } from '../../src/reply/model.js';
import { DETAILS_ACTION, renderReply } from './blocks.js';
import { ACTION_PREFIX, parseOptionValue } from './buttons.js';
import { confirmInPlace } from './confirm-in-place.js';
import { messageKey } from './recent.js';
import { confirmedLine } from './rich.js';
import { deliverReply, isPersonal, type Runtime, startProgress } from './runtime.js';

interface Click {
  /** The neutral action id: `confirm`, `cancel`, `details`, `rerun`, `ack`, ... */
  id: string;
  /** The whole neutral id of the button or menu option: `ack:ntp`. */
  actionId: string;
  command: string;
  user: string;
  channel: string;
  messageTs: string | undefined;
  /** The clicked message as Slack sent it with the click (blocks and fallback text). */
  message: { text: string; blocks: types.KnownBlock[] } | undefined;
  respond: RespondFn;
}

type Element = ButtonAction | OverflowAction | StaticSelectAction;

/**
 * Buttons and the "More…" menu on our messages. A click, or a choice in the menu, runs its command as
 * the person who clicked (the dispatcher checks *their* role, not the requester's); Slack has already
 * shown the confirmation dialog, and a denied dialog sends nothing, so a `confirm` click arrives
 * confirmed.
 */
export function registerActions(app: App, rt: Runtime): void {
  app.action<BlockAction<Element>>(
    { type: 'block_actions', action_id: new RegExp(`^${ACTION_PREFIX}`) },
    async ({ ack, body, action, respond }) => {
      const channel = body.channel?.id ?? String(body.container.channel_id ?? '');
      const chosen = chosenAction(action);
      if (
        !chosen ||
        !channel ||
        rt.dedupe.repeat(`action:${body.trigger_id}:${action.action_id}:${chosen.actionId}`)
      ) {
        await ack();
        return;
      }
      const message = body.message;
      const click: Click = {
        id: chosen.actionId.split(':')[0] ?? '',
        actionId: chosen.actionId,
        command: chosen.command,
        user: body.user.id,
        channel,
        messageTs: message?.ts ?? (body.container.message_ts as string | undefined),
        message: Array.isArray(message?.blocks)
          ? { text: message.text ?? '', blocks: message.blocks as types.KnownBlock[] }
          : undefined,
        respond,
      };
      // Tracked in the tick that writes the HTTP 200 (see slash.ts).
      const acked = ack();
      rt.track(acked.then(() => handle(rt, click)));
      await acked;
    },
  );
}

/** What was clicked: a button's id and value, or the menu option chosen (`<id> <command>`). */
function chosenAction(action: Element): { actionId: string; command: string } | undefined {
  if (action.type === 'button') {
    return { actionId: action.action_id.slice(ACTION_PREFIX.length), command: action.value ?? '' };
  }
  const value = action.selected_option?.value;
  if (!value) return undefined;
  const { id, command } = parseOptionValue(value);
  return { actionId: id, command };
}

function handle(rt: Runtime, click: Click): Promise<void> {
  if (click.id === 'cancel') return cancel(rt, click);
  if (click.id === DETAILS_ACTION) return showDetails(rt, click);
  return runClick(rt, click);
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

/**
 * "Show details": the report's detail sections go into its thread, once. A second click tells the
 * clicker where they are. When the bot no longer holds them (it restarted since the report), it makes
 * the report again with the button's command and posts that report's details.
 */
async function showDetails(rt: Runtime, click: Click): Promise<void> {
  const ts = click.messageTs;
  const held = ts ? rt.details.get(messageKey(click.channel, ts)) : undefined;
  if (ts && held && !held.posted) {
    held.posted = true;
    for (const part of held.parts) await rt.delivery.message(click.channel, part, ts);
    return;
  }
  const tell = (text: string) =>
    click
      .respond({ response_type: 'ephemeral', replace_original: false, text })
      .catch((error) => rt.log.warn({ err: error }, 'slack response_url post failed'));
  if (held) return void (await tell('The details are in the thread under this report.'));
  if (!ts || click.command === '') {
    return void (await tell(
      'The bot no longer has these details (it restarted since): run the command again.',
    ));
  }
  const correlationId = newCorrelationId();
  try {
    const reply = await rt.dispatcher().dispatch(invocation(click), { correlationId });
    const details = renderReply(reply, rt.limits).details;
    if (isPersonal(reply) || details.length === 0) {
      await deliverReply(rt, reply, { channel: click.channel, threadTs: ts, respond: click.respond });
      return;
    }
    rt.details.set(messageKey(click.channel, ts), { parts: details, posted: true });
    for (const part of details) await rt.delivery.message(click.channel, part, ts);
  } catch (error) {
    rt.log.error({ err: error, correlationId }, 'show details failed');
  }
}

function invocation(click: Click, confirmed = false): Invocation {
  return {
    platform: 'slack',
    user: `slack:${click.user}`,
    channel: `slack:${click.channel}`,
    text: click.command,
    ...(confirmed ? { confirmed: true } : {}),
  };
}

async function runClick(rt: Runtime, click: Click): Promise<void> {
  const confirmed = click.id === 'confirm';
  const correlationId = newCorrelationId();
  const heading = `<@${click.user}> clicked ${click.id}`;
  // Acknowledgements answer in the clicked message's thread, quietly: no progress line.
  const threadTs = click.id === 'ack' ? click.messageTs : undefined;
  // A confirmed job edits the prompt it came from; other buttons answer with a message of their own.
  const progress = threadTs
    ? undefined
    : startProgress(rt, click.channel, heading, confirmed ? click.messageTs : undefined);
  try {
    const reply = await rt.dispatcher().dispatch(invocation(click, confirmed), {
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
    if (click.id === 'ack') await markAcknowledged(rt, click, reply);
  } catch (error) {
    await progress?.close();
    rt.log.error({ err: error, correlationId }, 'button click delivery failed');
  }
}

/**
 * A successful Acknowledge updates the report it was clicked on: the item (in the summary or one of
 * its thread parts) says who confirmed it and when, and its option leaves the menu. Each message is
 * taken as the bot last wrote it (so two acknowledgements in a row both show), else as Slack sent it
 * with the click.
 */
async function markAcknowledged(rt: Runtime, click: Click, reply: Reply): Promise<void> {
  const ts = click.messageTs;
  if (reply.kind !== 'ack' || reply.status !== 'ok' || !ts) return;
  const ack = (reply.data?.ack ?? {}) as { check?: unknown; at?: unknown };
  const checkId = typeof ack.check === 'string' ? ack.check : click.actionId.split(':')[1];
  if (!checkId) return;
  const when = typeof ack.at === 'string' ? new Date(ack.at) : new Date();
  const confirmation = {
    sectionId: `finding:${checkId}`,
    line: confirmedLine(`slack:${click.user}`, when),
    actionId: click.actionId,
  };
  for (const messageTs of [ts, ...(rt.parts.get(messageKey(click.channel, ts)) ?? [])]) {
    const key = messageKey(click.channel, messageTs);
    const message = rt.messages.get(key) ?? (messageTs === ts ? click.message : undefined);
    const blocks = message && confirmInPlace(message.blocks, confirmation);
    if (!message || !blocks) continue;
    try {
      await rt.delivery.update(click.channel, messageTs, { text: message.text, blocks });
      rt.messages.set(key, { text: message.text, blocks });
    } catch (error) {
      rt.log.warn({ err: error, channel: click.channel }, 'updating the acknowledged report failed');
    }
  }
}
