import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type Activity,
  ActivityTypes,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder';
import type { Logger } from '../../src/log.js';
import type { Secret } from '../../src/secrets.js';
import type { ConversationRef, OutgoingActivity, TeamsActivity } from './activity.js';
import { ConnectorError } from './errors.js';
import { oneLine, sdkScope } from './sdk-output.js';

/**
 * The whole botbuilder surface of the bot, in one file: botbuilder 4.x is out of support upstream, and
 * the move to @microsoft/agents-hosting (same CloudAdapter/TurnContext model, small renames) should
 * touch this file only. Everything else works with `Turn` and plain activity JSON.
 */

export interface BotCredentials {
  /** Empty only with `allowUnauthenticated`: no Bot Framework auth at all (local testing only). */
  appId: string;
  allowUnauthenticated?: boolean | undefined;
  appPassword?: Secret | undefined;
  /** Set for a single-tenant bot registration (what Azure creates for new bots). */
  tenantId?: string | undefined;
  /** Where channel tokens are checked; Bot Framework's public service when absent. */
  channelAuth?: ChannelAuth | undefined;
}

/**
 * Another Bot Framework token service than Microsoft's public one: the tests' local OpenID metadata and
 * signing keys, so the real token check (botbuilder's JwtTokenValidation) runs against tokens they sign.
 */
export interface ChannelAuth {
  /** OpenID metadata of the keys that sign channel tokens (ToBotFromChannelOpenIdMetadataUrl). */
  openIdMetadataUrl: string;
  /** The `iss` channel tokens carry (ToBotFromChannelTokenIssuer). */
  tokenIssuer: string;
  /** Outbound credentials instead of asking Azure AD with the app password. */
  credentialsFactory?: ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[1];
}

/** What one turn may do: read the activity, send, replace a sent message, answer an invoke. */
export interface Turn {
  readonly activity: TeamsActivity;
  send(activity: OutgoingActivity): Promise<string | undefined>;
  update(id: string, activity: OutgoingActivity): Promise<void>;
  /**
   * The HTTP answer to an `invoke` activity (botbuilder's InvokeResponse): written as the response
   * body once the turn ends. An invoke left unanswered gets the SDK's 501.
   */
  respond(status: number, body: unknown): Promise<void>;
}

export type TurnLogic = (turn: Turn) => Promise<void>;

export interface BotConnector {
  readonly authEnabled: boolean;
  /** Runs one inbound request (already parsed) and writes the HTTP answer. */
  process(req: IncomingMessage, body: unknown, res: ServerResponse, logic: TurnLogic): Promise<void>;
  /** A proactive turn in a stored conversation. */
  continue(reference: ConversationRef, logic: TurnLogic): Promise<void>;
}

/** CloudAdapter with its request handling reachable without `process`, which prints and leaks errors. */
class QuietCloudAdapter extends CloudAdapter {
  run(authHeader: string, activity: Activity, logic: (ctx: TurnContext) => Promise<void>) {
    return this.processActivity(authHeader, activity, logic);
  }
}

export function createBotConnector(credentials: BotCredentials, log: Logger): BotConnector {
  const appId = credentials.appId.trim();
  if (appId === '' && credentials.allowUnauthenticated !== true) {
    // The config check says this first; this guard keeps any other caller from failing open.
    throw new Error(
      'teams.appId is empty and teams.allowUnauthenticated is not set: refusing to run without auth',
    );
  }
  // An explicit object, never the SDK's environment lookup: a stray MicrosoftAppId in the environment
  // must not switch auth on (or off) behind the config file's back.
  const channel = credentials.channelAuth;
  const auth = new ConfigurationBotFrameworkAuthentication(
    {
      MicrosoftAppId: appId,
      MicrosoftAppPassword: credentials.appPassword?.reveal() ?? '',
      MicrosoftAppType: credentials.tenantId ? 'SingleTenant' : 'MultiTenant',
      MicrosoftAppTenantId: credentials.tenantId ?? '',
      ...(channel
        ? {
            ToBotFromChannelOpenIdMetadataUrl: channel.openIdMetadataUrl,
            ToBotFromChannelTokenIssuer: channel.tokenIssuer,
          }
        : {}),
    },
    channel?.credentialsFactory,
  );
  const adapter = new QuietCloudAdapter(auth);

  const turnOf = (ctx: TurnContext): Turn => {
    dropSdkRetries(ctx, adapter);
    return {
      activity: ctx.activity as unknown as TeamsActivity,
      async send(activity) {
        try {
          return (await ctx.sendActivity(activity as Partial<Activity>))?.id;
        } catch (error) {
          throw connectorError(error);
        }
      },
      async update(id, activity) {
        try {
          await ctx.updateActivity({ ...(activity as Partial<Activity>), id });
        } catch (error) {
          throw connectorError(error);
        }
      },
      async respond(status, body) {
        // Kept in the turn state, not sent: CloudAdapter returns it from processActivity.
        await ctx.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status, body } });
      },
    };
  };

  return {
    authEnabled: appId !== '',
    async process(req, body, res, logic) {
      if (!isActivity(body)) return answer(res, 400, { error: 'not an activity' });
      const activity = validateAndFixActivity(body as Activity);
      let turned = false;
      try {
        const invoke = await sdkScope(log, () =>
          adapter.run(header(req.headers.authorization), activity, (ctx) => {
            turned = true;
            return logic(turnOf(ctx));
          }),
        );
        if (res.writableEnded) return;
        if (invoke?.body === undefined) res.writeHead(invoke?.status ?? 200).end();
        else answer(res, invoke.status, invoke.body);
      } catch (error) {
        // No turn ran: the token (or what it claims) was refused. After a turn started, a failure is ours.
        // Either way the answer carries no internal text; the log has the one-line reason.
        const reason = oneLine([error]);
        if (!turned) {
          log.warn({ reason, ip: req.socket.remoteAddress }, 'teams request refused: token not accepted');
          answer(res, 401, { error: 'unauthorized' });
        } else {
          log.error({ reason }, 'teams request failed');
          answer(res, 500, { error: 'internal error' });
        }
      }
    },
    async continue(reference, logic) {
      await sdkScope(log, () =>
        adapter.continueConversationAsync(appId, reference as Partial<ConversationReference>, (ctx) =>
          logic(turnOf(ctx)),
        ),
      );
    },
  };
}

/**
 * The connector client's HTTP pipeline retries 429 and 5xx on its own (three times, per call); our
 * delivery queue retries per conversation with its own budget, so the SDK's layer would multiply it.
 */
function dropSdkRetries(ctx: TurnContext, adapter: CloudAdapter): void {
  const connector = ctx.turnState.get(adapter.ConnectorClientKey) as
    | { client?: { pipeline?: { removePolicy(policy: { name: string }): unknown } } }
    | undefined;
  connector?.client?.pipeline?.removePolicy({ name: 'defaultRetryPolicy' });
}

function isActivity(body: unknown): boolean {
  return typeof body === 'object' && body !== null && typeof (body as { type?: unknown }).type === 'string';
}

/** botbuilder's own fix-up of a parsed activity (timestamps become Dates), as `process` did it. */
function validateAndFixActivity(activity: Activity): Activity {
  const raw = activity as Activity & Record<string, unknown>;
  for (const [field, rawField] of [
    ['timestamp', 'rawTimestamp'],
    ['expiration', 'rawExpiration'],
    ['localTimestamp', 'rawLocalTimestamp'],
  ] as const) {
    const value = raw[field];
    if (typeof value === 'string') {
      raw[rawField] = value;
      raw[field] = new Date(value);
    }
  }
  return raw;
}

function header(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  if (res.writableEnded) return;
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

/** The SDK's RestError reduced to safe facts (its `request` holds the bearer token). */
function connectorError(error: unknown): unknown {
  const e = error as {
    statusCode?: unknown;
    code?: unknown;
    message?: unknown;
    response?: { headers?: { get?(name: string): string | undefined } };
  };
  if (typeof e !== 'object' || e === null) return error;
  const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (status === undefined && code === undefined) return error;
  const retryAfter = e.response?.headers?.get?.('retry-after');
  const message = typeof e.message === 'string' ? e.message : 'connector call failed';
  return new ConnectorError(message, status, code, parseRetryAfter(retryAfter));
}

/** `Retry-After` is seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
