import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder';
import type { Secret } from '../../src/secrets.js';
import type { ConversationRef, OutgoingActivity, TeamsActivity } from './activity.js';
import { ConnectorError } from './errors.js';

/**
 * The whole botbuilder surface of the bot, in one file: botbuilder 4.x is out of support upstream, and
 * the move to @microsoft/agents-hosting (same CloudAdapter/TurnContext model, small renames) should
 * touch this file only. Everything else works with `Turn` and plain activity JSON.
 */

export interface BotCredentials {
  /** Empty: no Bot Framework auth at all (local use only). */
  appId: string;
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

/** What one turn may do: read the activity, send, replace a sent message. */
export interface Turn {
  readonly activity: TeamsActivity;
  send(activity: OutgoingActivity): Promise<string | undefined>;
  update(id: string, activity: OutgoingActivity): Promise<void>;
}

export type TurnLogic = (turn: Turn) => Promise<void>;

export interface BotConnector {
  readonly authEnabled: boolean;
  /** Runs one inbound request (already parsed) and writes the HTTP answer. */
  process(req: IncomingMessage, body: unknown, res: ServerResponse, logic: TurnLogic): Promise<void>;
  /** A proactive turn in a stored conversation. */
  continue(reference: ConversationRef, logic: TurnLogic): Promise<void>;
}

export function createBotConnector(credentials: BotCredentials): BotConnector {
  const appId = credentials.appId;
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
  const adapter = new CloudAdapter(auth);

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
    };
  };

  return {
    authEnabled: appId !== '',
    async process(req, body, res, logic) {
      const request = {
        body: body as Record<string, unknown>,
        headers: req.headers,
        method: req.method ?? '',
      };
      await adapter.process(request, expressLike(res), (ctx) => logic(turnOf(ctx)));
    },
    async continue(reference, logic) {
      await adapter.continueConversationAsync(appId, reference as Partial<ConversationReference>, (ctx) =>
        logic(turnOf(ctx)),
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

/** CloudAdapter.process wants Express's `res`: the four methods it calls, over Node's response. */
function expressLike(res: ServerResponse) {
  let status = 200;
  let body: unknown;
  return {
    socket: res.socket,
    status(code: number) {
      status = code;
    },
    header(name: string, value: unknown) {
      res.setHeader(name, String(value));
    },
    send(payload: unknown) {
      body = payload;
    },
    end() {
      if (res.writableEnded) return;
      if (body === undefined) {
        res.writeHead(status).end();
        return;
      }
      const json = typeof body !== 'string';
      res
        .writeHead(status, { 'Content-Type': json ? 'application/json' : 'text/plain; charset=utf-8' })
        .end(json ? JSON.stringify(body) : body);
    },
  };
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
