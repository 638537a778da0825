import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type HttpConfig, httpSchema } from '../../src/config/schema.js';
import type { Logger } from '../../src/log.js';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** The listener's limits (`http:` in the config); every field has the schema's default. */
export type HttpBounds = Omit<HttpConfig, 'port'>;

/** The schema's defaults, so the listener built without a config (tests) is bounded the same way. */
const { port: _port, ...defaults } = httpSchema.parse({});
export const DEFAULT_HTTP_BOUNDS: HttpBounds = defaults;

/** A request body over `http.maxBodyBytes` (declared or streamed): answered 413, never buffered whole. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
  constructor(readonly limit: number) {
    super(`request body over ${limit} bytes (http.maxBodyBytes)`);
  }
}

/** The body limit of the listener that took each request, so `readBody` needs no argument. */
const bodyLimits = new WeakMap<IncomingMessage, number>();

/** Between two drop warnings: a flood of refused connections makes one line per interval, not one each. */
const DROP_WARN_INTERVAL_MS = 10_000;

/**
 * The bot's single HTTP listener (CONTRACTS.md): `/slack/events`, `/api/messages`, `/healthz`,
 * `/metrics`. Adapters register their routes; nothing else listens. Bounded so that slow or oversized
 * requests cannot fill memory: a connection cap, header/request/keep-alive timeouts, and a body limit
 * enforced from `Content-Length` before any byte of the body is read.
 */
export class HttpServer {
  readonly #routes = new Map<string, RouteHandler>();
  readonly #prefixes = new Map<string, RouteHandler>();
  readonly #server: Server;
  readonly #bounds: HttpBounds;
  #dropped = 0;
  #lastDropWarning = 0;

  constructor(
    private readonly log: Logger,
    bounds: Partial<HttpBounds> = {},
  ) {
    this.#bounds = { ...DEFAULT_HTTP_BOUNDS, ...bounds };
    const b = this.#bounds;
    // Node checks the two timeouts below only this often (30 s by default), which would let a slow
    // client hold its connection for up to 30 s past them.
    const checkEveryMs = Math.min(1000, b.headersTimeoutMs);
    this.#server = createServer(
      {
        headersTimeout: b.headersTimeoutMs,
        // Slack retries after 3 s and Teams gives up after 15 s: no request of ours should idle longer.
        requestTimeout: b.requestTimeoutMs,
        keepAliveTimeout: b.keepAliveTimeoutMs,
        connectionsCheckingInterval: checkEveryMs,
      },
      (req, res) => this.#handle(req, res),
    );
    this.#server.maxConnections = b.maxConnections;
    // An idle socket (no request at all) is closed like a request that never finishes; one check later
    // than the two timeouts, so a request cut by them gets its 408 before the socket is dropped silently.
    this.#server.timeout = Math.max(b.requestTimeoutMs, b.headersTimeoutMs) + checkEveryMs;
    this.#server.on('drop', () => this.#onDrop());
  }

  get bounds(): HttpBounds {
    return this.#bounds;
  }

  route(method: string, path: string, handler: RouteHandler): void {
    this.#routes.set(`${method} ${path}`, handler);
  }

  /** Every path under `prefix` (`/images/`): for resources named by an id, such as pictures. */
  routePrefix(method: string, prefix: string, handler: RouteHandler): void {
    this.#prefixes.set(`${method} ${prefix}`, handler);
  }

  async listen(port: number, host = '0.0.0.0'): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
    return (this.#server.address() as AddressInfo).port;
  }

  get port(): number | undefined {
    const address = this.#server.address();
    return address && typeof address === 'object' ? address.port : undefined;
  }

  async close(): Promise<void> {
    if (!this.#server.listening) return;
    await new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeIdleConnections();
    });
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    const handler = this.#routes.get(`${req.method} ${path}`) ?? this.#prefixed(`${req.method} ${path}`);
    if (!handler) {
      refuse(req, res, 404, '{"error":"not found"}');
      return;
    }
    const limit = this.#bounds.maxBodyBytes;
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      this.log.warn({ path, declared, limit, ip: req.socket.remoteAddress }, 'http request body too large');
      refuseTooLarge(req, res);
      return;
    }
    bodyLimits.set(req, limit);
    try {
      await handler(req, res);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        this.log.warn({ path, limit, ip: req.socket.remoteAddress }, 'http request body too large');
        refuseTooLarge(req, res);
        return;
      }
      this.log.error({ err: error, path }, 'http handler failed');
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end('{"error":"internal error"}');
    }
  }

  #prefixed(request: string): RouteHandler | undefined {
    for (const [prefix, handler] of this.#prefixes) if (request.startsWith(prefix)) return handler;
    return undefined;
  }

  #onDrop(): void {
    this.#dropped++;
    const now = Date.now();
    if (now - this.#lastDropWarning < DROP_WARN_INTERVAL_MS) return;
    this.#lastDropWarning = now;
    this.log.warn(
      { dropped: this.#dropped, maxConnections: this.#bounds.maxConnections },
      'http connections refused: http.maxConnections reached',
    );
  }
}

/**
 * Answers `status` and closes the connection without reading the rest of the body: the client may see
 * the answer or just the closed connection, and the bot never holds what it did not want.
 */
export function refuse(req: IncomingMessage, res: ServerResponse, status: number, body = ''): void {
  if (res.headersSent) {
    req.destroy();
    return;
  }
  const complete = req.complete;
  res.writeHead(status, {
    ...(body ? { 'Content-Type': 'application/json' } : {}),
    ...(complete ? {} : { Connection: 'close' }),
  });
  res.end(body, () => {
    if (!complete) req.destroy();
  });
}

export function refuseTooLarge(req: IncomingMessage, res: ServerResponse): void {
  refuse(req, res, 413, '{"error":"request body too large"}');
}

/**
 * The raw body of a request (signature checks need the exact bytes), counted as it streams: past the
 * listener's `http.maxBodyBytes` (or `limit`) it stops reading and rejects with `BodyTooLargeError`.
 */
export function readBody(
  req: IncomingMessage,
  limit = bodyLimits.get(req) ?? DEFAULT_HTTP_BOUNDS.maxBodyBytes,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        chunks.length = 0;
        reject(new BodyTooLargeError(limit));
      } else chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new Error('request closed before its body ended'));
    });
  });
}
