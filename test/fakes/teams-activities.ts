import { BOT_ID } from './teams-bot.js';

export const CHANNEL = '19:chan@thread.tacv2';
export const TARGET = `teams:${CHANNEL}`;
let next = 1_700_000_000_000;

/** A Teams channel message mentioning the bot, as the Bot Connector delivers it. */
export function channelMessage(serviceUrl: string, text: string, aadObjectId: string, extra: object = {}) {
  const id = String(next++);
  return {
    type: 'message',
    id,
    timestamp: '2026-01-01T00:00:00Z',
    serviceUrl,
    channelId: 'msteams',
    from: { id: `29:${aadObjectId}`, name: 'Alice', aadObjectId },
    conversation: {
      id: `${CHANNEL};messageid=${id}`,
      conversationType: 'channel',
      isGroup: true,
      tenantId: 'tid',
    },
    recipient: { id: BOT_ID, name: 'ISE' },
    text,
    textFormat: 'plain',
    entities: [{ type: 'mention', text: '<at>ISE</at>', mentioned: { id: BOT_ID, name: 'ISE' } }],
    channelData: { tenant: { id: 'tid' }, channel: { id: CHANNEL } },
    ...extra,
  };
}

/** What Teams sends when someone clicks an Action.Submit: a message with `value`, no text. */
export function cardSubmit(serviceUrl: string, data: unknown, aadObjectId: string) {
  return channelMessage(serviceUrl, '', aadObjectId, { value: data, entities: [] });
}

/**
 * What Teams sends when someone clicks an Action.Execute button on the card `cardId` (a post in the
 * channel, or in the thread of `root`): an invoke whose HTTP answer is the card that replaces it.
 */
export function cardAction(
  serviceUrl: string,
  cardId: string,
  action: { verb?: unknown; data?: unknown },
  aadObjectId: string,
  root = cardId,
) {
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: `f:${next++}`,
    timestamp: '2026-01-01T00:00:00Z',
    serviceUrl,
    channelId: 'msteams',
    from: { id: `29:${aadObjectId}`, name: 'Alice', aadObjectId },
    conversation: {
      id: `${CHANNEL};messageid=${root}`,
      conversationType: 'channel',
      isGroup: true,
      tenantId: 'tid',
    },
    recipient: { id: BOT_ID, name: 'ISE' },
    replyToId: cardId,
    value: { action: { type: 'Action.Execute', verb: action.verb, data: action.data }, trigger: 'manual' },
    channelData: { tenant: { id: 'tid' }, channel: { id: CHANNEL } },
  };
}

/** Teams' other install notice (sent besides conversationUpdate when an app is added). */
export function installationUpdate(serviceUrl: string, action: 'add' | 'remove', aadObjectId = 'admin-aad') {
  return {
    type: 'installationUpdate',
    action,
    id: String(next++),
    serviceUrl,
    channelId: 'msteams',
    from: { id: `29:${aadObjectId}`, aadObjectId },
    conversation: { id: CHANNEL, conversationType: 'channel', isGroup: true, tenantId: 'tid' },
    recipient: { id: BOT_ID, name: 'ISE' },
    channelData: { tenant: { id: 'tid' } },
  };
}

export function conversationUpdate(serviceUrl: string, change: 'membersAdded' | 'membersRemoved') {
  return {
    type: 'conversationUpdate',
    id: String(next++),
    serviceUrl,
    channelId: 'msteams',
    from: { id: '29:admin', aadObjectId: 'admin-aad' },
    conversation: { id: CHANNEL, conversationType: 'channel', isGroup: true, tenantId: 'tid' },
    recipient: { id: BOT_ID, name: 'ISE' },
    [change]: [{ id: BOT_ID }],
    channelData: {
      tenant: { id: 'tid' },
      eventType: change === 'membersAdded' ? 'teamMemberAdded' : 'teamMemberRemoved',
    },
  };
}

/** Bots that check Bot Framework tokens, by URL, with how to sign an activity for each. */
const signers = new Map<string, (activity: { serviceUrl?: string }) => string>();

/** From now on postActivity to `botUrl` carries a valid token from `sign` (returns: stop signing). */
export function signActivitiesFor(botUrl: string, sign: (activity: { serviceUrl?: string }) => string) {
  signers.set(botUrl, sign);
  return () => signers.delete(botUrl);
}

/**
 * Posts an activity as Teams does. For a bot registered with signActivitiesFor it carries a valid
 * Bearer token, unless the test sends its own `authorization` header (a bad or missing token).
 */
export async function postActivity(botUrl: string, activity: object, headers: Record<string, string> = {}) {
  const sign = signers.get(botUrl);
  const auth =
    sign && !('authorization' in headers)
      ? { authorization: `Bearer ${sign(activity as { serviceUrl?: string })}` }
      : {};
  return fetch(`${botUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth, ...headers },
    body: JSON.stringify(activity),
  });
}
