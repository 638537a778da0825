import type { RespondFn } from '@slack/bolt';
import type { Dispatcher } from '../../commands/dispatcher.js';
import type { Logger } from '../../src/log.js';
import type { Reply } from '../../src/reply/model.js';
import { renderReply, type SlackMessage, type SlackRendering } from './blocks.js';
import type { Dedupe } from './dedupe.js';
import { type Delivery, ProgressMessage } from './delivery.js';
import { toPostError } from './errors.js';
import type { SlackLimits } from './limits.js';
import { escapeMrkdwn } from './mrkdwn.js';
import { messageKey, type Recent } from './recent.js';

/** Details kept back for a "Show details" click on the message they belong to. */
export interface HeldDetails {
  parts: SlackMessage[];
  posted: boolean;
}

/** What the slash-command and button handlers share, built once by the adapter. */
export interface Runtime {
  dispatcher(): Dispatcher;
  delivery: Delivery;
  dedupe: Dedupe;
  log: Logger;
  limits: SlackLimits;
  progressIntervalMs: number;
  defaultDeployment: string | undefined;
  /** Details of recent reports, by `channel:ts` of their summary. */
  details: Recent<HeldDetails>;
  /** Recent messages as the bot last wrote them, by `channel:ts`. */
  messages: Recent<SlackMessage>;
  /** The thread parts of recent reports, by `channel:ts` of their summary: where an item may be. */
  parts: Recent<string[]>;
  /** Runs a job after the ack, detached from Bolt's listener, and keeps it for `stop()` to wait on. */
  track(job: Promise<void>): void;
}

/** Replies meant for one person (a refusal, a typo, help): ephemeral, not the channel's business. */
export function isPersonal(reply: Reply): boolean {
  return reply.status === 'denied' || reply.kind === 'usage' || reply.kind === 'help';
}

export function startProgress(rt: Runtime, channel: string, heading: string, existingTs?: string) {
  return new ProgressMessage(
    rt.delivery,
    channel,
    (line): SlackMessage => ({
      text: `${heading}: ${escapeMrkdwn(line)}`,
      blocks: [
        {
          type: 'context',
          elements: [{ type: 'mrkdwn', text: `:hourglass_flowing_sand: ${heading} · ${escapeMrkdwn(line)}` }],
        },
      ],
    }),
    rt.progressIntervalMs,
    (error) => rt.log.warn({ err: error, channel }, 'progress update failed'),
    existingTs,
  );
}

export interface Destination {
  channel: string;
  /** The message the reply replaces (the progress line, the confirmation prompt). */
  replaceTs?: string | undefined;
  /** A thread to put the whole reply in (a "Show details" click answers under the message clicked). */
  threadTs?: string | undefined;
  /** response_url of the request: the way back when the bot cannot post in the channel. */
  respond?: RespondFn | undefined;
}

/**
 * Posts a finished reply where it belongs: to the requester alone when it is personal, else in the
 * channel with its details threaded. When the bot is not in the channel (a private channel or a DM),
 * the response_url still works, so the reply goes there, and the person learns how to get threads.
 */
export async function deliverReply(rt: Runtime, reply: Reply, to: Destination): Promise<void> {
  // Details wait for "Show details" under a report in the channel; in a thread, or through a
  // response_url (where a later click could not post), they come at once.
  const threaded = () => renderReply(reply, rt.limits, { details: 'thread' });
  if (isPersonal(reply) && to.respond && !to.replaceTs) {
    await viaResponseUrl(rt, to.respond, threaded(), 'ephemeral');
    return;
  }
  const rendering = renderReply(reply, rt.limits, { details: to.threadTs ? 'thread' : 'button' });
  try {
    await sendRendering(rt, to.channel, rendering, to.replaceTs, to.threadTs);
  } catch (error) {
    const failure = toPostError(error, to.channel);
    rt.log.warn({ err: failure, code: failure.slackError, channel: to.channel }, 'slack post failed');
    if (!to.respond) throw failure;
    if (failure.code === 'not_in_channel' || failure.code === 'channel_not_found') {
      await viaResponseUrl(rt, to.respond, threaded(), 'in_channel');
    } else {
      const ref = reply.context.correlationId ? ` (ref ${reply.context.correlationId})` : '';
      await safeRespond(rt, to.respond, { response_type: 'ephemeral', text: `${failure.message}${ref}` });
    }
  }
}

/**
 * Posts a rendered reply and remembers it: its details (if any) for its "Show details" button, and its
 * messages with their ts, so a click can later update the one that holds an item.
 */
export async function sendRendering(
  rt: Runtime,
  channel: string,
  rendering: SlackRendering,
  replaceTs?: string,
  threadTs?: string,
): Promise<string> {
  const parts: string[] = [];
  return rt.delivery.send(channel, rendering, replaceTs, threadTs, (ts, message) => {
    if (!ts) return;
    rt.messages.set(messageKey(channel, ts), message);
    if (message !== rendering.main) {
      parts.push(ts);
      return;
    }
    // Held as soon as the summary is out: someone may click before the thread parts follow.
    const key = messageKey(channel, ts);
    rt.parts.set(key, parts);
    if (rendering.details.length > 0) rt.details.set(key, { parts: rendering.details, posted: false });
  });
}

/** A response_url takes five messages in 30 minutes: the summary, some details, and a closing note. */
const RESPONSE_URL_USES = 5;

async function viaResponseUrl(
  rt: Runtime,
  respond: RespondFn,
  rendering: SlackRendering,
  type: 'ephemeral' | 'in_channel',
): Promise<void> {
  const messages = [rendering.main, ...rendering.thread];
  const room = messages.length <= RESPONSE_URL_USES ? messages.length : RESPONSE_URL_USES - 1;
  for (const message of messages.slice(0, room)) {
    await safeRespond(rt, respond, { response_type: type, text: message.text, blocks: message.blocks });
  }
  const left = messages.length - room;
  if (left > 0 || rendering.file || rendering.images) {
    await safeRespond(rt, respond, {
      response_type: 'ephemeral',
      text: `${left > 0 ? `${left} more part(s) of this report could not be shown here. ` : ''}Invite the bot to this channel (/invite) so it can post the full report with its details in a thread.`,
    });
  }
}

async function safeRespond(
  rt: Runtime,
  respond: RespondFn,
  message: Parameters<RespondFn>[0],
): Promise<void> {
  try {
    await respond(message);
  } catch (error) {
    rt.log.warn({ err: error }, 'slack response_url post failed');
  }
}
