import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Dispatcher, newCorrelationId } from '../../commands/dispatcher.js';
import type { Invocation } from '../../commands/types.js';
import type { Config } from '../../src/config/schema.js';
import type { Logger } from '../../src/log.js';
import { errorReply } from '../../src/reply/build.js';
import type { Reply, ReplyImage } from '../../src/reply/model.js';
import type { Conversations } from '../../src/store/conversations.js';
import { type Clock, systemClock } from '../../src/util/time.js';
import { ImageShelf } from '../http/images.js';
import { BodyTooLargeError, type HttpServer, readBody } from '../http/server.js';
import type { ChatAdapter } from '../types.js';
import {
  type ConversationRef,
  commandText,
  lifecycleOf,
  type OutgoingActivity,
  referenceOf,
  storedReference,
  submitOf,
  type TeamsActivity,
  targetOf,
} from './activity.js';
import { inert } from './card-text.js';
import { CARD_BUDGET, cardActivity, renderCards } from './cards.js';
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
  let dispatcher: Dispatcher | undefined;
  const pictures = new ImageShelf({ publicUrl: options.publicUrl });
  const link = (image: ReplyImage) => pictures.publish(image);

  /** Sends a reply's cards; the first replaces the "running…" message when there is one. */
  async function deliver(target: string, reference: ConversationRef, reply: Reply, replace?: string) {
    const cards = renderCards(reply, budget, link);
    for (const [i, card] of cards.entries()) {
      const activity = cardActivity(card, reply.title);
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
        if (replaced) continue;
      }
      await delivery.run(target, () => connector.continue(reference, (t) => t.send(activity).then(() => {})));
    }
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
      if (reference && dispatcher.admits(installer)) await remember(reference, target);
      else
        log.info(
          { target, user: installer.user },
          'added by someone without a role here: reference not saved',
        );
      log.info({ target }, 'added to a conversation');
      return;
    }
    if (activity.type !== 'message' || !reference) return;
    await onMessage(turn, dispatcher, activity, target, reference);
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
    const correlationId = newCorrelationId();
    const admitted = () => void remember(reference, target);
    const command = dispatcher.resolve(text);
    if (!command || invocation.cancel) {
      // Unknown words, empty mentions and Cancel answer at once, inside the turn: no job to wait for.
      const reply = await dispatcher.dispatch(invocation, { correlationId, admitted });
      if (reply.kind === 'cancelled') {
        await delivery.run(target, () => turn.send(plain('Cancelled: nothing was run.')));
        return;
      }
      const cards = renderCards(reply, budget, link);
      for (const card of cards) await delivery.run(target, () => turn.send(cardActivity(card, reply.title)));
      return;
    }
    const running = `Running ${command.name}…`;
    const runningId = await delivery
      .run(target, () => turn.send(plain(running)))
      .catch((error: unknown) => {
        if (error instanceof TeamsConversationGoneError) throw error;
        log.warn({ target, err: error }, 'could not send the running message');
        return undefined;
      });
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
          return errorReply(`Something went wrong running \`${command.name}\` (ref ${correlationId}).`, {
            correlationId,
          });
        });
      await deliver(target, reference, reply, runningId);
    })().catch((error: unknown) =>
      log.error({ target, correlationId, err: error }, 'teams answer not delivered'),
    );
    jobs.add(job);
    void job.finally(() => jobs.delete(job));
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
