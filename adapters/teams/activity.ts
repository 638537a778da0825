/**
 * The few Bot Framework activity fields this adapter reads, as plain JSON shapes. Keeping them ours
 * (not botbuilder's classes) means the stored conversation references and the message handling survive
 * the move to @microsoft/agents-hosting, whose Activity has the same wire shape.
 */

export interface ChannelAccount {
  id: string;
  name?: string;
  aadObjectId?: string;
}

export interface ConversationAccount {
  id: string;
  conversationType?: string;
  tenantId?: string;
  isGroup?: boolean;
}

export interface TeamsActivity {
  type: string;
  id?: string;
  /** Of an invoke: `adaptiveCard/action` for a Universal Action click. */
  name?: string;
  /** The message an activity answers; of a card action, the message carrying the card. */
  replyToId?: string;
  text?: string;
  value?: unknown;
  serviceUrl?: string;
  channelId?: string;
  locale?: string;
  action?: string;
  from?: ChannelAccount;
  recipient?: ChannelAccount;
  conversation?: ConversationAccount;
  entities?: Array<{ type?: string; text?: string; mentioned?: { id?: string } }>;
  membersAdded?: ChannelAccount[];
  membersRemoved?: ChannelAccount[];
  channelData?: { eventType?: string; tenant?: { id?: string } };
}

/** What the bot needs to post into a conversation later (the Bot Framework ConversationReference). */
export interface ConversationRef {
  channelId: string;
  serviceUrl: string;
  conversation: ConversationAccount;
  bot: ChannelAccount;
  user?: ChannelAccount;
  locale?: string;
  activityId?: string;
}

export interface OutgoingActivity {
  type: 'message';
  text?: string;
  textFormat?: 'plain';
  summary?: string;
  attachments?: Array<{ contentType: string; content: unknown }>;
}

/** `19:abc@thread.tacv2;messageid=123` is one thread of channel `19:abc@thread.tacv2`. */
export function baseConversationId(id: string): string {
  return id.replace(/;messageid=\d+$/i, '');
}

/**
 * `teams:<conversation id>` without the thread suffix: a channel is one target however many threads
 * people ask in, so access.channels and subscriptions name the channel, not a thread.
 */
export function targetOf(activity: TeamsActivity): string | undefined {
  const id = activity.conversation?.id;
  return id ? `teams:${baseConversationId(id)}` : undefined;
}

/** The reference of the conversation (thread included) an activity came from: answers go there. */
export function referenceOf(activity: TeamsActivity): ConversationRef | undefined {
  const { conversation, recipient, serviceUrl, channelId } = activity;
  if (!conversation?.id || !recipient?.id || !serviceUrl || !channelId) return undefined;
  return {
    channelId,
    serviceUrl,
    conversation,
    bot: recipient,
    ...(activity.from ? { user: activity.from } : {}),
    ...(activity.locale ? { locale: activity.locale } : {}),
    ...(activity.id ? { activityId: activity.id } : {}),
  };
}

/**
 * The reference stored for scheduled posts: the channel itself (no thread, no message to reply to), so
 * a digest starts a new post in the channel instead of landing in whichever thread was last used.
 */
export function storedReference(reference: ConversationRef): ConversationRef {
  const { activityId: _reply, user: _user, ...rest } = reference;
  return { ...rest, conversation: { ...rest.conversation, id: baseConversationId(rest.conversation.id) } };
}

/**
 * The command a person typed: the bot's own mention removed (by its entity, and any leading
 * `<at>…</at>` Teams left without one, e.g. after the bot was renamed). `/ise` and `ise` prefixes are
 * the dispatcher's to strip.
 */
export function commandText(activity: TeamsActivity): string {
  let text = activity.text ?? '';
  const botId = activity.recipient?.id;
  for (const entity of activity.entities ?? []) {
    if (entity.type === 'mention' && entity.text && entity.mentioned?.id === botId) {
      text = text.split(entity.text).join(' ');
    }
  }
  text = text.replace(/^\s*(<at>[^<]*<\/at>\s*)+/i, ' ');
  return text
    .replace(/&nbsp;|\u00a0/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** What a card button carries (Action.Submit data); namespaced so other cards' submits are ignored. */
export interface Submit {
  command: string;
  action: string;
  /** The one-time id of a confirmation prompt (Confirm and Cancel of cards from this version on). */
  nonce?: string;
}

export function submitOf(activity: Pick<TeamsActivity, 'value'>): Submit | undefined {
  const value = activity.value as
    | { ise?: { command?: unknown; action?: unknown; nonce?: unknown } }
    | undefined;
  const ise = value && typeof value === 'object' ? value.ise : undefined;
  if (!ise || typeof ise.command !== 'string' || typeof ise.action !== 'string') return undefined;
  return {
    command: ise.command,
    action: ise.action,
    ...(typeof ise.nonce === 'string' ? { nonce: ise.nonce } : {}),
  };
}

/** A click on an `Action.Execute` button: an invoke named `adaptiveCard/action` carrying our data. */
export interface Execute extends Submit {
  verb: string;
}

export const CARD_ACTION_INVOKE = 'adaptiveCard/action';

export function executeOf(activity: TeamsActivity): Execute | undefined {
  if (activity.type !== 'invoke' || activity.name !== CARD_ACTION_INVOKE) return undefined;
  const action = (activity.value as { action?: { verb?: unknown; data?: unknown } } | undefined)?.action;
  if (!action || typeof action !== 'object') return undefined;
  const submit = submitOf({ value: action.data });
  if (!submit) return undefined;
  return { ...submit, verb: typeof action.verb === 'string' ? action.verb : '' };
}

/**
 * Where the rest of a reply goes once its first card was posted as `rootId`: in a channel, that post's
 * reply thread (`<channel>;messageid=<root>`); a post already inside a thread, or a chat (no threads),
 * keeps its conversation.
 */
export function threadOf(reference: ConversationRef, rootId: string): ConversationRef {
  const { conversation } = reference;
  const { activityId: _reply, ...rest } = reference;
  if (conversation.conversationType !== 'channel' || conversation.id !== baseConversationId(conversation.id))
    return reference;
  return { ...rest, conversation: { ...conversation, id: `${conversation.id};messageid=${rootId}` } };
}

/** Install and removal events: when to save a reference without a message, and when to stop posting. */
export function lifecycleOf(activity: TeamsActivity): 'added' | 'removed' | undefined {
  const bot = activity.recipient?.id;
  if (activity.type === 'installationUpdate') {
    if (activity.action === 'add') return 'added';
    if (activity.action === 'remove') return 'removed';
    return undefined;
  }
  if (activity.type !== 'conversationUpdate') return undefined;
  if (activity.channelData?.eventType === 'teamDeleted') return 'removed';
  if (activity.membersRemoved?.some((m) => m.id === bot)) return 'removed';
  if (activity.membersAdded?.some((m) => m.id === bot)) return 'added';
  return undefined;
}
