import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import {
  type App,
  type Logger as BoltLogger,
  HTTPResponseAck,
  type Receiver,
  verifySlackRequest,
} from '@slack/bolt';
import type { Logger } from '../../src/log.js';
import type { Clock } from '../../src/util/time.js';
import { BodyTooLargeError, readBody, refuse } from '../http/server.js';

/** Slack's replay window: a request signed longer ago than this is refused, whatever its signature. */
const MAX_AGE_SECONDS = 5 * 60;

/** The most of an unsigned request read to see whether it is Slack's SSL probe. */
const SSL_CHECK_MAX_BYTES = 1024;

export interface HttpReceiverOptions {
  signingSecret: string;
  clock: Clock;
  log: Logger;
  boltLogger: BoltLogger;
}

/**
 * A Bolt Receiver on the bot's own HTTP listener (CONTRACTS.md: one listener) instead of Bolt's
 * HTTPReceiver, which would open a second port. It verifies the signature against the exact raw bytes
 * before anything is parsed, then hands the event to the app with Bolt's own ack (HTTP 200 on `ack()`,
 * 404 if nothing acks within 3 s).
 */
export class HttpReceiver implements Receiver {
  #app: App | undefined;
  #running = false;

  constructor(private readonly options: HttpReceiverOptions) {}

  init(app: App): void {
    this.#app = app;
  }

  async start(): Promise<void> {
    this.#running = true;
  }

  async stop(): Promise<void> {
    this.#running = false;
  }

  /** The route handler for `POST /slack/events`. */
  readonly handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const app = this.#app;
    if (!app || !this.#running) return refuse(req, res, 503);
    const form = isForm(req);
    // Headers first: an unsigned or stale request is refused before its body is read, so only requests
    // that look like Slack's can make the bot hold up to http.maxBodyBytes.
    const early = this.#checkHeaders(req);
    if (early === 'missing signature headers' && form) {
      // Slack's SSL probe is unsigned and tiny (`ssl_check=1&token=...`): read at most 1 KB of it.
      const probe = await readSmall(req, SSL_CHECK_MAX_BYTES);
      if (probe !== undefined && parseQuery(probe).ssl_check === '1') return end(res, 200);
    }
    if (early) {
      this.options.log.warn({ reason: early, ip: req.socket.remoteAddress }, 'slack request refused');
      return refuse(req, res, 401);
    }
    let raw: string;
    try {
      raw = (await readBody(req)).toString('utf8');
    } catch (error) {
      if (error instanceof BodyTooLargeError) throw error;
      return refuse(req, res, 400);
    }
    const refusal = this.#verify(req, raw);
    if (refusal) {
      this.options.log.warn({ reason: refusal, ip: req.socket.remoteAddress }, 'slack request refused');
      return end(res, 401);
    }
    let body: Record<string, unknown>;
    try {
      body = parseBody(raw, form);
    } catch {
      return end(res, 400);
    }
    if (body.type === 'url_verification') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ challenge: body.challenge }));
      return;
    }
    const ack = new HTTPResponseAck({
      logger: this.options.boltLogger,
      processBeforeResponse: false,
      httpRequest: req,
      httpRequestBody: body,
      httpResponse: res,
    });
    const retryNum = header(req, 'x-slack-retry-num');
    const retryReason = header(req, 'x-slack-retry-reason');
    try {
      await app.processEvent({
        body,
        ack: ack.bind(),
        ...(retryNum === undefined ? {} : { retryNum: Number.parseInt(retryNum, 10) }),
        ...(retryReason === undefined ? {} : { retryReason }),
      });
    } catch (error) {
      this.options.log.error({ err: error }, 'slack event processing failed');
      if (!res.headersSent) end(res, 500);
    }
  };

  /** Why the headers alone show the request is not Slack's (read before the body), or undefined. */
  #checkHeaders(req: IncomingMessage): string | undefined {
    const signature = header(req, 'x-slack-signature');
    const timestamp = Number(header(req, 'x-slack-request-timestamp'));
    if (!signature || !Number.isInteger(timestamp)) return 'missing signature headers';
    // Bolt only refuses old timestamps; one from the future is just as much a replay risk.
    if (Math.abs(this.options.clock().getTime() / 1000 - timestamp) > MAX_AGE_SECONDS) {
      return 'timestamp outside the 5 minute window';
    }
    return undefined;
  }

  /** Why the request is not Slack's, or undefined when it is. The secret never appears in the reason. */
  #verify(req: IncomingMessage, raw: string): string | undefined {
    const early = this.#checkHeaders(req);
    if (early) return early;
    const signature = header(req, 'x-slack-signature') ?? '';
    const timestamp = Number(header(req, 'x-slack-request-timestamp'));
    const nowMs = this.options.clock().getTime();
    try {
      verifySlackRequest({
        signingSecret: this.options.signingSecret,
        body: raw,
        headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
        nowMilliseconds: nowMs,
      });
      return undefined;
    } catch {
      return 'signature mismatch';
    }
  }
}

function isForm(req: IncomingMessage): boolean {
  // Bolt's own receiver insists on the exact type; a charset suffix is still a form.
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim() === 'application/x-www-form-urlencoded';
}

function parseBody(raw: string, form: boolean): Record<string, unknown> {
  if (!form) return JSON.parse(raw) as Record<string, unknown>;
  const fields = parseQuery(raw);
  // Interactivity arrives as one form field holding JSON.
  if (typeof fields.payload === 'string') return JSON.parse(fields.payload) as Record<string, unknown>;
  return fields as Record<string, unknown>;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The body when it fits in `limit` bytes, else undefined (and the rest is left unread). */
async function readSmall(req: IncomingMessage, limit: number): Promise<string | undefined> {
  try {
    return (await readBody(req, limit)).toString('utf8');
  } catch {
    return undefined;
  }
}

function end(res: ServerResponse, status: number): void {
  res.writeHead(status).end();
}
