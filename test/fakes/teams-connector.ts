import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '../helpers/wait.js';

export interface ConnectorRequest {
  method: string;
  conversationId: string;
  /** The channel part of `conversationId` (without `;messageid=…`). */
  channel: string;
  /** In a channel, the id of the post whose reply thread this goes to (`;messageid=<id>`), if any. */
  thread?: string;
  /** The activity replied to (POST) or replaced (PUT); absent for a plain send. */
  activityId?: string;
  body: Record<string, unknown>;
  /** Size of the raw body as sent, in bytes. */
  bytes: number;
  /** The answer the fake gave. */
  status: number;
  /** The id the fake gave the posted (or replaced) message, when it succeeded. */
  id?: string;
  /** The Authorization header the bot sent (its outbound Bot Framework credentials). */
  authorization?: string;
}

type Failure = { status: number; code: string; message: string; headers?: Record<string, string> };

/**
 * A local Bot Connector: the endpoints a bot calls to send and update messages, recording every body.
 * Tests script throttling (429 + Retry-After) and conversations the bot was removed from (403/404).
 */
export class FakeConnector {
  readonly requests: ConnectorRequest[] = [];
  /** Conversation ids whose sends answer 404 ConversationNotFound. */
  readonly gone = new Set<string>();
  readonly #failures: Failure[] = [];
  readonly #server: Server = createServer((req, res) => void this.#handle(req, res));
  #next = 1;
  url = '';

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/`;
    return this.url;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }

  /** The next `times` calls answer 429 with `Retry-After: seconds`. */
  throttle(times: number, seconds: number): void {
    for (let i = 0; i < times; i++) {
      this.#failures.push({
        status: 429,
        code: 'Throttled',
        message: 'Too many requests',
        headers: { 'Retry-After': String(seconds) },
      });
    }
  }

  /** The next call answers with this failure (e.g. 502, or 403 BotNotInConversationRoster). */
  failNext(status: number, code: string, message: string): void {
    this.#failures.push({ status, code, message });
  }

  /** Requests that carried an Adaptive Card, in order. */
  cards(): Array<{ request: ConnectorRequest; card: Record<string, unknown> }> {
    return this.requests.flatMap((request) => {
      const attachments = (request.body.attachments ?? []) as Array<{
        contentType: string;
        content: unknown;
      }>;
      return attachments
        .filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive' && request.status < 300)
        .map((a) => ({ request, card: a.content as Record<string, unknown> }));
    });
  }

  /** Polls until `predicate` holds over the recorded requests (the bot posts after answering the turn). */
  async waitFor(predicate: (requests: ConnectorRequest[]) => boolean): Promise<void> {
    await waitFor(() => predicate(this.requests), {
      message: () => `connector requests; recorded: ${JSON.stringify(this.summary())}`,
    });
  }

  summary(): string[] {
    return this.requests.map((r) => `${r.method} ${r.conversationId} ${r.activityId ?? ''} → ${r.status}`);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/.exec(req.url ?? '');
    if (!match || !(req.method === 'POST' || req.method === 'PUT')) {
      res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"error":{"code":"NotFound"}}');
      return;
    }
    const conversationId = decodeURIComponent(match[1] ?? '');
    const activityId = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
    const failure = this.gone.has(conversationId)
      ? { status: 404, code: 'ConversationNotFound', message: 'Conversation not found.' }
      : this.#failures.shift();
    const status = failure?.status ?? (req.method === 'POST' ? 201 : 200);
    const thread = /;messageid=([^;]+)$/i.exec(conversationId)?.[1];
    this.requests.push({
      method: req.method,
      conversationId,
      channel: conversationId.replace(/;messageid=[^;]+$/i, ''),
      ...(thread === undefined ? {} : { thread }),
      ...(activityId === undefined ? {} : { activityId }),
      body: JSON.parse(raw.toString('utf8')) as Record<string, unknown>,
      bytes: raw.length,
      status,
      ...(req.headers.authorization === undefined ? {} : { authorization: req.headers.authorization }),
    });
    if (failure) {
      res
        .writeHead(failure.status, { 'Content-Type': 'application/json', ...failure.headers })
        .end(JSON.stringify({ error: { code: failure.code, message: failure.message } }));
      return;
    }
    const id = req.method === 'PUT' ? activityId : `bot-${this.#next++}`;
    const recorded = this.requests[this.requests.length - 1];
    if (recorded && id !== undefined) recorded.id = id;
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ id }));
  }
}
