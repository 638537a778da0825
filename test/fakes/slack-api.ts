import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';

/** One Web API call as the fake saw it: method, decoded arguments, bearer token, when. */
export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
  token: string | undefined;
  at: number;
  /** What the fake answered (`ts` of a posted message, the error). */
  result?: Record<string, unknown>;
}

/** One POST to a response_url. */
export interface ResponseUrlCall {
  id: string;
  body: Record<string, unknown>;
  at: number;
}

type Script = { kind: 'error'; error: string } | { kind: 'ratelimit'; retryAfter: number };

/**
 * A local stand-in for slack.com/api (chat-platforms.md §10, after bolt-python's mock server): real
 * HTTP on 127.0.0.1, form or JSON bodies decoded, `blocks` parsed, every call recorded. Tests script
 * failures per method (`not_in_channel`, 429 with Retry-After). It also serves response_urls
 * (`/resp/<id>`, at most five uses each, as Slack allows) and file upload URLs.
 */
export class FakeSlackApi {
  readonly calls: ApiCall[] = [];
  readonly responses: ResponseUrlCall[] = [];
  /**
   * Bytes sent to an upload URL: `bytes` as they came (a multipart form), `data` the file inside it, and
   * the `filename` the app gave files.getUploadURLExternal for that file id.
   */
  readonly uploads: { id: string; bytes: number; data: Buffer; filename: string | undefined }[] = [];
  readonly #filenames = new Map<string, string>();
  readonly #scripts = new Map<string, Script[]>();
  readonly #server: Server;
  readonly #waiters = new Set<() => void>();
  #ts = 1_700_000_000;
  /** Where apps.connections.open sends the Socket Mode client. */
  socketUrl: string | undefined;

  constructor() {
    this.#server = createServer((req, res) => void this.#handle(req, res));
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get server(): Server {
    return this.#server;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** The `slackApiUrl` to give the WebClient. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.url}/resp/${id}`;
  }

  /** The next `times` calls of `method` fail with Slack error `error` (`ok: false`). */
  failWith(method: string, error: string, times = 1): void {
    this.#push(method, { kind: 'error', error }, times);
  }

  /** The next `times` calls of `method` get HTTP 429 with `Retry-After: retryAfter`. */
  rateLimit(method: string, retryAfter: number, times = 1): void {
    this.#push(method, { kind: 'ratelimit', retryAfter }, times);
  }

  callsOf(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /**
   * Resolves once `check` holds (re-checked on every recorded request: an event, not a poll), or
   * rejects after `timeoutMs`, a deadline for a hang on a loaded machine rather than a speed check.
   */
  async waitFor(check: () => boolean, timeoutMs = 30_000): Promise<void> {
    if (check()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(probe);
        reject(new Error(`FakeSlackApi: condition not met within ${timeoutMs} ms`));
      }, timeoutMs);
      const probe = () => {
        if (!check()) return;
        clearTimeout(timer);
        this.#waiters.delete(probe);
        resolve();
      };
      this.#waiters.add(probe);
    });
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #push(method: string, script: Script, times: number): void {
    const list = this.#scripts.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push(script);
    this.#scripts.set(method, list);
  }

  #notify(): void {
    for (const probe of [...this.#waiters]) probe();
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const [, area, id = ''] = path.split('/');
    if (area === 'resp') return this.#responseUrl(id, raw.toString('utf8'), res);
    if (area === 'upload') {
      const data = await fileOf(raw, req.headers['content-type']);
      this.uploads.push({ id, bytes: raw.length, data, filename: this.#filenames.get(id) });
      res.writeHead(200).end('OK');
      return this.#notify();
    }
    if (area !== 'api') return void res.writeHead(404).end();
    const args = decode(raw.toString('utf8'), req.headers['content-type']);
    const auth = req.headers.authorization;
    const call: ApiCall = { method: id, args, token: auth?.replace(/^Bearer /, ''), at: Date.now() };
    this.calls.push(call);
    const script = this.#scripts.get(id)?.shift();
    if (script?.kind === 'ratelimit') {
      res.writeHead(429, { 'retry-after': String(script.retryAfter) }).end();
    } else {
      call.result = script?.kind === 'error' ? { ok: false, error: script.error } : this.#answer(id, args);
      json(res, call.result);
    }
    this.#notify();
  }

  #answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'chat.postMessage':
        return { ok: true, channel: args.channel, ts: `${this.#ts++}.000100`, message: { text: args.text } };
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts };
      case 'files.getUploadURLExternal': {
        const id = `F${this.#ts++}`;
        if (typeof args.filename === 'string') this.#filenames.set(id, args.filename);
        return { ok: true, upload_url: `${this.url}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal':
        return { ok: true, files: [{ id: 'F1', title: 'report' }] };
      case 'auth.test':
        return { ok: true, user_id: 'U_BOT', bot_id: 'B_BOT', team_id: 'T1' };
      case 'apps.connections.open':
        return this.socketUrl ? { ok: true, url: this.socketUrl } : { ok: false, error: 'no_socket' };
      default:
        return { ok: true };
    }
  }

  #responseUrl(id: string, raw: string, res: ServerResponse): void {
    const uses = this.responses.filter((r) => r.id === id).length;
    if (uses >= 5) {
      // Slack allows five uses of a response_url; the sixth is an error a test should notice.
      res.writeHead(404).end('used_up');
      return;
    }
    this.responses.push({ id, body: JSON.parse(raw || '{}') as Record<string, unknown>, at: Date.now() });
    res.writeHead(200).end('ok');
    this.#notify();
  }
}

function decode(raw: string, contentType: string | undefined): Record<string, unknown> {
  const args: Record<string, unknown> = contentType?.startsWith('application/json')
    ? (JSON.parse(raw || '{}') as Record<string, unknown>)
    : { ...parseQuery(raw) };
  for (const key of ['blocks', 'attachments']) {
    if (typeof args[key] === 'string') args[key] = JSON.parse(args[key] as string);
  }
  return args;
}

/** The file in an upload: the WebClient sends it as a multipart form (one file field); else the raw body. */
async function fileOf(raw: Buffer, contentType: string | undefined): Promise<Buffer> {
  if (!contentType?.startsWith('multipart/form-data')) return raw;
  const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  for (const value of form.values()) {
    if (typeof value !== 'string') return Buffer.from(await value.arrayBuffer());
  }
  return Buffer.alloc(0);
}

function json(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
