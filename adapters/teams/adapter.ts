import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Dispatcher, newCorrelationId } from '../../commands/dispatcher.js';
import type { Invocation } from '../../commands/types.js';
import type { Config } from '../../src/config/schema.js';
import type { Logger } from '../../src/log.js';
import { button, errorReply, reply as makeReply, section } from '../../src/reply/build.js';
import type { Reply, ReplyImage } from '../../src/reply/model.js';
import type { Conversations } from '../../src/store/conversations.js';
import { type Clock, systemClock } from '../../src/util/time.js';
import { ImageShelf } from '../http/images.js';
import { BodyTooLargeError, type HttpServer, readBody } from '../http/server.js';
import type { ChatAdapter } from '../types.js';
import {
  type ConversationRef,
  commandText,
  type Execute,
  executeOf,
  lifecycleOf,
  type OutgoingActivity,
  referenceOf,
  storedReference,
  submitOf,
  type TeamsActivity,
  targetOf,
  threadOf,
} from './activity.js';
import { sealConfirmation } from './card-actions.js';
import { inert } from './card-text.js';
import { ADAPTIVE_CARD, type AdaptiveCard, CARD_BUDGET, cardActivity, renderCards } from './cards.js';
import { Delivery, type RetryPolicy } from './delivery.js';
import { TeamsConversationGoneError, TeamsConversationUnknownError } from './errors.js';
import { type BotConnector, type ChannelAuth, createBotConnector, type Turn } from './sdk.js';

export type TeamsConfig = NonNullable<Config['teams']>;

export interface TeamsAdapterOptions {
  config: TeamsConfig;
  http: HttpServer;
  /** `store.conversations`: references survive restarts so scheduled posts reach old channels. */
  conversations: Conversations;
  log: Logger;
  clock?: Clock;
  retry?: Partial<RetryPolicy>;
  /** Bytes per card activity (default 26 KB, under Teams' strictest 28 KB). */
  cardBudget?: number;
  /** Least time between two progress updates of one "running…" message. */
  progressIntervalMs?: number;
  /** Another token service than Bot Framework's public one (tests: a local one, sdk.ts). */
  channelAuth?: ChannelAuth;
  /**
   * How long a card click (an invoke, which Teams abandons after about 15 s) waits for a quick command
   * such as Acknowledge before answering "working on it" and updating the card when it is done.
   */
  invokeWaitMs?: number;
  /** `http.publicUrl`: cards show pictures served from it (`/images/…`); a function when known late (tests). */
  publicUrl?: string | (() => string | undefined) | undefined;
}

export const MESSAGES_PATH = '/api/messages';

const AUTH_OFF =
  'TEAMS AUTH IS OFF (teams.allowUnauthenticated: true): anyone who can reach /api/messages can run ' +
  'commands as any user and make the bot post to any serviceUrl. Local testing only; set teams.appId, ' +
  'teams.appPassword and teams.tenantIds for a real Teams tenant.';

/**
 * Microsoft Teams on botbuilder's CloudAdapter, mounted on the bot's one HTTP listener. A message is
 * answered inside the turn with a short "running <verb>…" line (Teams gives up on a turn after 15 s);
 * the command runs as a job and its cards replace that line proactively. Messages and installs from
 * someone with a role in an allowed channel save the conversation reference, so `post` works for
 * scheduled digests after a restart; activities from other tenants are refused before anything.
 */
export function createTeamsAdapter(options: TeamsAdapterOptions): ChatAdapter {
  const log = options.log.child({ adapter: 'teams' });
  const clock = options.clock ?? systemClock;
  const budget = options.cardBudget ?? CARD_BUDGET;
  const progressEvery = options.progressIntervalMs ?? 3000;
  const connector: BotConnector = createBotConnector(
    { ...options.config, channelAuth: options.channelAuth },
    log,
  );
  const tenants = options.config.tenantIds ?? [];
  if (connector.authEnabled && tenants.length === 0) {
    // The config check says this first; this guard keeps any other caller from accepting every tenant.
    throw new Error('teams.tenantIds is empty: list the tenants whose activities the bot runs');
  }
  const delivery = new Delivery({
    conversations: options.conversations,
    log,
    clock,
    ...(options.retry ? { policy: options.retry } : {}),
  });
  const jobs = new Set<Promise<void>>();
  const invokeWait = options.invokeWaitMs ?? 8000;
  let dispatcher: Dispatcher | undefined;
  /** Open confirmation prompts by their one-time id: answered once, by Confirm or Cancel. */
  const prompts = new Map<string, Prompt>();
  /** Reports with Acknowledge buttons by the id of each card posted, so a click can re-render one. */
  const reports = new Map<string, PostedReport>();
  /** Conversations being welcomed now: Teams announces one install twice (two activity types). */
  const welcoming = new Set<string>();
  const pictures = new ImageShelf({ publicUrl: options.publicUrl });
  const link = (image: ReplyImage) => pictures.publish(image);

  function track(job: Promise<void>, what: Record<string, unknown>): void {
    const guarded = job.catch((error: unknown) =>
      log.error({ ...what, err: error }, 'teams answer not delivered'),
    );
    jobs.add(guarded);
    void guarded.finally(() => jobs.delete(guarded));
  }

  /** A new prompt's one-time id; prompts older than a day are forgotten (and refused if answered). */
  function issuePrompt(reply: Reply): string {
    const now = clock().getTime();
    for (const [id, prompt] of prompts) if (now - prompt.at > PROMPT_TTL_MS) prompts.delete(id);
    const nonce = randomUUID();
    prompts.set(nonce, { title: reply.title, at: now });
    return nonce;
  }

  /** Sends through a stored or derived reference; resolves with the id of the new message. */
  async function sendTo(target: string, reference: ConversationRef, activity: OutgoingActivity) {
    let id: string | undefined;
    await delivery.run(target, () =>
      connector.continue(reference, async (t) => {
        id = await t.send(activity);
      }),
    );
    return id;
  }

  /**
   * Sends a reply's cards: the first replaces `replace` (the "running…" message or the clicked card)
   * when given, else is posted; the rest go into the first card's reply thread in a channel.
   */
  async function deliver(target: string, reference: ConversationRef, reply: Reply, replace?: string) {
    let cards = renderCards(reply, budget, link);
    if (reply.kind === 'confirm') cards = sealConfirmation(cards, issuePrompt(reply));
    let thread = reference;
    for (const [i, card] of cards.entries()) {
      const activity = cardActivity(card, reply.title);
      let id: string | undefined;
      if (i === 0 && replace !== undefined) {
        const replaced = await delivery
          .run(target, () => connector.continue(reference, (t) => t.update(replace, activity)))
          .then(() => true)
          .catch((error: unknown) => {
            if (error instanceof TeamsConversationGoneError) throw error;
            // The "running…" message may be gone (deleted by someone): the answer still goes out, as new.
            log.warn({ target, err: error }, 'could not replace the running message; posting instead');
            return false;
          });
        if (replaced) id = replace;
      }
      id ??= await sendTo(target, i === 0 ? reference : thread, activity);
      if (i === 0 && id !== undefined) thread = threadOf(reference, id);
      if (id !== undefined) rememberReport(id, reply, i);
    }
  }

  function rememberReport(id: string, reply: Reply, index: number): void {
    if (!reply.actions.some((a) => a.id.startsWith('ack:'))) return;
    reports.delete(id);
    reports.set(id, { reply, index });
    while (reports.size > MAX_REPORTS) reports.delete(reports.keys().next().value as string);
  }

  /**
   * Stores the reference scheduled posts will use. Called only once the sender passed the channel and
   * role checks: a reference is where digests go, so nobody without a role may replace it.
   */
  async function remember(reference: ConversationRef, target: string): Promise<void> {
    // The answer needs only the activity: a store that is down or locked must not silence it.
    await options.conversations
      .save(target, storedReference(reference), clock())
      .catch((error: unknown) => log.warn({ target, err: error }, 'conversation reference not saved'));
  }

  async function onTurn(turn: Turn): Promise<void> {
    const activity = turn.activity;
    const target = targetOf(activity);
    if (!target || !dispatcher) return;
    const refusedTenant = tenantRefusal(activity, tenants);
    if (refusedTenant) {
      log.warn(
        { target, tenant: refusedTenant, user: senderOf(activity) },
        'teams activity from another tenant refused',
      );
      return;
    }
    const lifecycle = lifecycleOf(activity);
    if (lifecycle === 'removed') {
      await options.conversations.markGone(target, `bot removed (${activity.type})`, clock());
      log.info({ target }, 'removed from a conversation');
      return;
    }
    const reference = referenceOf(activity);
    if (lifecycle === 'added') {
      const installer = invocationOf(activity, target, '');
      if (reference && dispatcher.admits(installer)) await welcome(turn, reference, target);
      else
        log.info(
          { target, user: installer.user },
          'added by someone without a role here: reference not saved',
        );
      log.info({ target }, 'added to a conversation');
      return;
    }
    if (!reference) return;
    if (activity.type === 'invoke') {
      const execute = executeOf(activity);
      if (execute) await onExecute(turn, dispatcher, execute, target, reference);
      else await turn.respond(200, {});
      return;
    }
    if (activity.type !== 'message') return;
    await onMessage(turn, dispatcher, activity, target, reference);
  }

  /**
   * Saves the reference and, the first time the bot arrives in a conversation, posts a short welcome
   * with the most used commands as buttons. Teams sends both an installationUpdate and a
   * conversationUpdate for one install: the one that finds a stored reference welcomes no one.
   */
  async function welcome(turn: Turn, reference: ConversationRef, target: string): Promise<void> {
    const before = await options.conversations.get(target).catch(() => undefined);
    await remember(reference, target);
    if ((before && !before.gone) || welcoming.has(target)) return;
    welcoming.add(target);
    try {
      const card = renderCards(welcomeReply(), budget)[0];
      if (card) await delivery.run(target, () => turn.send(cardActivity(card, 'ISE chat-ops is here')));
    } catch (error) {
      if (error instanceof TeamsConversationGoneError) throw error;
      log.warn({ target, err: error }, 'welcome card not sent');
    } finally {
      welcoming.delete(target);
    }
  }

  /**
   * Claims a prompt's one-time id for this click. Released again when the dispatcher refuses the
   * clicker (no role: someone else may still answer); used up once the command is admitted.
   */
  function claim(nonce: string | undefined): { ok: boolean; release(): void } {
    if (nonce === undefined) return { ok: true, release() {} };
    const prompt = prompts.get(nonce);
    if (!prompt) return { ok: false, release() {} };
    prompts.delete(nonce);
    return { ok: true, release: () => void prompts.set(nonce, prompt) };
  }

  /**
   * Runs a click as its clicker: resolves with `admitted` once the checks passed (the command is
   * running), or with the reply when it came first (a refusal, a usage error, or a quick command).
   */
  function dispatchClick(
    dispatcher: Dispatcher,
    invocation: Invocation,
    reference: ConversationRef,
    target: string,
  ) {
    let admit: () => void = () => {};
    const admitted = new Promise<'admitted'>((resolve) => {
      admit = () => resolve('admitted');
    });
    const correlationId = newCorrelationId();
    const result = dispatcher
      .dispatch(invocation, {
        correlationId,
        admitted: () => {
          admit();
          void remember(reference, target);
        },
      })
      .catch((error: unknown) => {
        log.error({ target, correlationId, err: error }, 'dispatch failed');
        return errorReply(`Something went wrong (ref ${correlationId}).`, { correlationId });
      });
    return { result, first: Promise.race([admitted, result]) };
  }

  /** A Universal Action click: answered in the HTTP response with the card that replaces the clicked one. */
  async function onExecute(
    turn: Turn,
    dispatcher: Dispatcher,
    execute: Execute,
    target: string,
    reference: ConversationRef,
  ): Promise<void> {
    const activity = turn.activity;
    const cardId = activity.replyToId;
    const who = activity.from?.name?.trim() || senderOf(activity);
    const here: ConversationRef = withoutReplyTo(reference);
    const action = execute.action;
    if (action === 'confirm' || action === 'cancel') {
      const prompt = execute.nonce === undefined ? undefined : prompts.get(execute.nonce);
      const claimed = execute.nonce === undefined ? { ok: false, release() {} } : claim(execute.nonce);
      if (!claimed.ok) {
        log.info({ target, user: senderOf(activity), action }, 'prompt already answered: click ignored');
        await turn.respond(200, invokeMessage(ALREADY_ANSWERED));
        return;
      }
      const invocation: Invocation = {
        ...invocationOf(activity, target, execute.command),
        ...(action === 'confirm' ? { confirmed: true } : { cancel: true }),
      };
      const { result, first } = dispatchClick(dispatcher, invocation, reference, target);
      const outcome = await first;
      if (outcome !== 'admitted' || action === 'cancel') {
        const reply = outcome === 'admitted' ? await result : outcome;
        if (reply.kind === 'cancelled') {
          await turn.respond(200, invokeCard(cancelledCard(who, prompt?.title)));
          return;
        }
        // Refused (role, channel, rate limit) or failed before running: the prompt stays open.
        claimed.release();
        await turn.respond(200, invokeMessage(reply.lead ? `${reply.title} ${reply.lead}` : reply.title));
        return;
      }
      await turn.respond(200, invokeCard(confirmedCard(who, execute.command, prompt?.title)));
      track(
        result.then((reply) => deliver(target, here, reply, cardId)),
        { target, action },
      );
      return;
    }
    const invocation = invocationOf(activity, target, execute.command);
    if (execute.verb === 'ack') {
      const { result } = dispatchClick(dispatcher, invocation, reference, target);
      const reply = await Promise.race([result, timeout(invokeWait)]);
      if (reply !== undefined) {
        await answerAck(turn, reply, target, here, execute, cardId, who);
        return;
      }
      await turn.respond(200, invokeMessage(`Acknowledging: \`${execute.command}\`…`));
      track(
        result.then((late) => answerAck(undefined, late, target, here, execute, cardId, who)),
        { target, action },
      );
      return;
    }
    // Any other button (Run again, details…): runs as if typed, its answer in the card's thread.
    await turn.respond(200, invokeMessage(`Running \`${execute.command}\`…`));
    await runCommand(dispatcher, invocation, target, reference, (a) => sendTo(target, here, a));
  }

  /**
   * The answer to Acknowledge: the report card re-rendered with the item acknowledged when the bot
   * still holds the report (until a restart), else the ack's own reply as a new message in the thread.
   * `turn` is there when the click is still waiting for its answer; later the card is updated instead.
   */
  async function answerAck(
    turn: Turn | undefined,
    reply: Reply,
    target: string,
    here: ConversationRef,
    execute: Execute,
    cardId: string | undefined,
    who: string,
  ): Promise<void> {
    const posted = cardId === undefined ? undefined : reports.get(cardId);
    const failed = reply.status === 'denied' || reply.status === 'error';
    if (failed || !posted || cardId === undefined) {
      if (turn && failed) {
        await turn.respond(200, invokeMessage(reply.lead ? `${reply.title} ${reply.lead}` : reply.title));
        return;
      }
      await turn?.respond(200, invokeMessage(reply.title));
      await deliver(target, here, reply);
      return;
    }
    const updated = acknowledged(posted.reply, execute.action, who);
    const card = renderCards(updated, budget, link)[posted.index];
    if (!card) {
      await turn?.respond(200, invokeMessage(reply.title));
      await deliver(target, here, reply);
      return;
    }
    reports.set(cardId, { ...posted, reply: updated });
    if (turn) await turn.respond(200, invokeCard(card));
    else
      await delivery.run(target, () =>
        connector.continue(here, (t) => t.update(cardId, cardActivity(card, updated.title))),
      );
  }

  async function onMessage(
    turn: Turn,
    dispatcher: Dispatcher,
    activity: TeamsActivity,
    target: string,
    reference: ConversationRef,
  ): Promise<void> {
    const submit = submitOf(activity);
    const text = submit ? submit.command : commandText(activity);
    const invocation: Invocation = {
      ...invocationOf(activity, target, text),
      ...(submit?.action === 'confirm' ? { confirmed: true } : {}),
      ...(submit?.action === 'cancel' ? { cancel: true } : {}),
    };
    // An Action.Submit (clients without Universal Actions) of a prompt with a one-time id: once, too.
    const nonce = submit?.action === 'confirm' || submit?.action === 'cancel' ? submit.nonce : undefined;
    const claimed = claim(nonce);
    if (!claimed.ok) {
      await delivery.run(target, () => turn.send(plain(ALREADY_ANSWERED)));
      return;
    }
    let admittedNow = false;
    const admitted = () => {
      admittedNow = true;
      void remember(reference, target);
    };
    const send = (a: OutgoingActivity) => delivery.run(target, () => turn.send(a));
    const command = dispatcher.resolve(text);
    if (!command || invocation.cancel) {
      // Unknown words, empty mentions and Cancel answer at once, inside the turn: no job to wait for.
      const reply = await dispatcher.dispatch(invocation, { correlationId: newCorrelationId(), admitted });
      if (!admittedNow) claimed.release();
      if (reply.kind === 'cancelled') {
        await send(plain('Cancelled: nothing was run.'));
        return;
      }
      await deliver(target, reference, reply);
      return;
    }
    await runCommand(dispatcher, invocation, target, reference, send, (admittedRun) => {
      if (!admittedRun) claimed.release();
    });
  }

  /**
   * A command as a job: a "running <verb>…" line first (inside the turn for a message: Teams gives up
   * on a turn after 15 s), progress on that line, then the reply's cards replace it.
   */
  async function runCommand(
    dispatcher: Dispatcher,
    invocation: Invocation,
    target: string,
    reference: ConversationRef,
    send: (activity: OutgoingActivity) => Promise<string | undefined>,
    settled?: (admitted: boolean) => void,
  ): Promise<void> {
    const name = dispatcher.resolve(invocation.text)?.name ?? invocation.text.split(' ')[0] ?? '';
    const correlationId = newCorrelationId();
    let admittedNow = false;
    const admitted = () => {
      admittedNow = true;
      void remember(reference, target);
    };
    const running = `Running ${name}…`;
    const runningId = await send(plain(running)).catch((error: unknown) => {
      if (error instanceof TeamsConversationGoneError) throw error;
      log.warn({ target, err: error }, 'could not send the running message');
      return undefined;
    });
    // Later sends leave the turn: they answer the running line's conversation, not the clicked activity.
    const later = withoutReplyTo(reference);
    const job = (async () => {
      const progress = throttle(progressEvery, (line: string) => {
        if (runningId === undefined) return;
        void delivery
          .run(target, () =>
            connector.continue(reference, (t) => t.update(runningId, plain(`${running} ${line}`))),
          )
          .catch(() => {});
      });
      const reply = await dispatcher
        .dispatch(invocation, { correlationId, progress, admitted })
        .catch((error: unknown) => {
          // The dispatcher turns failures into replies; this is the last guard so "running…" never stays.
          log.error({ target, correlationId, err: error }, 'dispatch failed');
          return errorReply(`Something went wrong running \`${name}\` (ref ${correlationId}).`, {
            correlationId,
          });
        });
      settled?.(admittedNow);
      await deliver(target, runningId === undefined ? reference : later, reply, runningId);
    })();
    track(job, { target, correlationId });
  }
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!dispatcher) {
      res.writeHead(503, { 'Content-Type': 'application/json' }).end('{"error":"not started"}');
      return;
    }
    if (connector.authEnabled && !/^Bearer\s+\S/i.test(req.headers.authorization ?? '')) {
      // Refused here rather than by the SDK, which would print the error to stderr for every probe.
      log.warn('teams request without a bearer token refused');
      res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"error":"unauthorized"}');
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse((await readBody(req)).toString('utf8'));
    } catch (error) {
      // The listener answers 413 and closes the connection.
      if (error instanceof BodyTooLargeError) throw error;
      res.writeHead(400, { 'Content-Type': 'application/json' }).end('{"error":"body is not JSON"}');
      return;
    }
    await connector.process(req, body, res, (turn) =>
      // Our answer failing (throttled, removed) is logged, not turned into a 500 that Teams would resend.
      onTurn(turn).catch((error: unknown) => log.warn({ err: error }, 'teams turn not answered')),
    );
  }

  return {
    name: 'teams',
    ...(connector.authEnabled ? {} : { warning: AUTH_OFF }),
    async start(d) {
      dispatcher = d;
      if (!connector.authEnabled) log.warn(AUTH_OFF);
      options.http.route('POST', MESSAGES_PATH, handle);
      pictures.mount(options.http);
    },
    async post(target, reply) {
      const stored = await options.conversations.get(target);
      if (!stored) throw new TeamsConversationUnknownError(target);
      if (stored.gone) throw new TeamsConversationGoneError(target, stored.gone.reason, stored.gone.at);
      await deliver(target, stored.reference as ConversationRef, reply);
    },
    async stop() {
      dispatcher = undefined;
      while (jobs.size > 0) await Promise.allSettled([...jobs]);
      await delivery.idle();
    },
  };
}

function senderOf(activity: TeamsActivity): string {
  return `teams:${activity.from?.aadObjectId ?? activity.from?.id ?? 'unknown'}`;
}

function invocationOf(activity: TeamsActivity, target: string, text: string): Invocation {
  return { platform: 'teams', user: senderOf(activity), channel: target, text };
}

/**
 * The tenant an activity claims, when it is not allowed: both places Teams puts it must name an
 * allowed tenant, and an activity naming none is refused too (unknown is not allowed). No list means
 * no check, which the config allows only with authentication off.
 */
export function tenantRefusal(activity: TeamsActivity, allowed: readonly string[]): string | undefined {
  if (allowed.length === 0) return undefined;
  const claimed = [activity.conversation?.tenantId, activity.channelData?.tenant?.id].filter(
    (id): id is string => typeof id === 'string' && id !== '',
  );
  if (claimed.length === 0) return '(none)';
  return claimed.find((id) => !allowed.includes(id));
}

function plain(text: string): OutgoingActivity {
  return { type: 'message', text: inert(text), textFormat: 'plain' };
}

/** Calls `fn` at most once per `ms` with the latest value; progress lines in between are dropped. */
function throttle(ms: number, fn: (line: string) => void): (line: string) => void {
  let last = 0;
  return (line) => {
    const now = Date.now();
    if (now - last < ms) return;
    last = now;
    fn(line);
  };
}

interface Prompt {
  /** The prompt's question ("Start a configuration backup of prod?"), repeated when it is answered. */
  title: string;
  at: number;
}

interface PostedReport {
  reply: Reply;
  /** Which of the reply's cards this message shows. */
  index: number;
}

const PROMPT_TTL_MS = 24 * 3600_000;
const MAX_REPORTS = 200;
const ALREADY_ANSWERED =
  'This prompt was already answered (or the bot restarted since it was asked): nothing was run. ' +
  'Run the command again for a new prompt.';

/** The reference for sends that answer no particular activity (a click's invoke is no message). */
function withoutReplyTo(reference: ConversationRef): ConversationRef {
  const { activityId: _reply, ...rest } = reference;
  return rest;
}

/** The InvokeResponse body of `adaptiveCard/action` that replaces the clicked card. */
function invokeCard(card: AdaptiveCard): unknown {
  return { statusCode: 200, type: ADAPTIVE_CARD, value: card };
}

/** The InvokeResponse body that leaves the card as it is and shows the clicker a short message. */
function invokeMessage(text: string): unknown {
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text };
}

function timeout(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms).unref());
}

/** The prompt once confirmed: no buttons left, who confirmed, and that it runs (its result replaces it). */
function confirmedCard(who: string, command: string, title: string | undefined): AdaptiveCard {
  const what = command.replace(/\s+--yes\b/, '');
  const card = renderCards(
    makeReply('confirmed', `Confirmed by ${who}: running ${what}…`, 'info', {
      ...(title ? { lead: title } : {}),
    }),
  )[0];
  if (!card) throw new Error('no card rendered');
  return card;
}

function cancelledCard(who: string, title: string | undefined): AdaptiveCard {
  const card = renderCards(
    makeReply('cancelled', `Cancelled by ${who}: nothing was run.`, 'info', {
      ...(title ? { lead: title } : {}),
    }),
  )[0];
  if (!card) throw new Error('no card rendered');
  return card;
}

/** The welcome card at install: what the bot does, and the three commands people start with. */
export function welcomeReply(): Reply {
  return makeReply('welcome', 'ISE chat-ops is here', 'info', {
    lead:
      'Ask me about your Cisco ISE deployment: upgrade readiness, expiring certificates and backups. ' +
      'Mention me with a command, e.g. @ISE readiness, or press a button.',
    actions: [
      button('readiness', 'Upgrade readiness', 'readiness', { style: 'primary' }),
      button('certs', 'Expiring certificates', 'certs'),
      button('help', 'All commands', 'help'),
    ],
  });
}

/**
 * The report with one manual item acknowledged: its button gone, and a line on the item (or, when the
 * report has no section for it, under the title) saying who acknowledged it.
 */
export function acknowledged(report: Reply, actionId: string, who: string): Reply {
  const check = actionId.slice('ack:'.length);
  const line = { type: 'text' as const, text: `✔ Acknowledged by ${who}` };
  const mine = (s: Reply['sections'][number]) => s.id === check || s.id === `finding:${check}`;
  const found = report.sections.some(mine);
  return {
    ...report,
    actions: report.actions.filter((a) => a.id !== actionId),
    sections: found
      ? report.sections.map((s) => (mine(s) ? { ...s, blocks: [...s.blocks, line] } : s))
      : [section(`${check}: acknowledged by ${who}`, []), ...report.sections],
  };
}
