import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../src/log.js';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/**
 * The bot's single HTTP listener (CONTRACTS.md): `/slack/events`, `/api/messages`, `/healthz`,
 * `/metrics`. Adapters register their routes; nothing else listens.
 */
export class HttpServer {
  readonly #routes = new Map<string, RouteHandler>();
  readonly #server: Server;

  constructor(private readonly log: Logger) {
    this.#server = createServer((req, res) => this.#handle(req, res));
    // Slack retries after 3 s and Teams gives up after 15 s: no request of ours should idle longer.
    this.#server.requestTimeout = 30_000;
  }

  route(method: string, path: string, handler: RouteHandler): void {
    this.#routes.set(`${method} ${path}`, handler);
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
    const handler = this.#routes.get(`${req.method} ${path}`);
    if (!handler) {
      res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    try {
      await handler(req, res);
    } catch (error) {
      this.log.error({ err: error, path }, 'http handler failed');
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end('{"error":"internal error"}');
    }
  }
}

/** The raw body of a request (signature checks need the exact bytes), capped so nobody can fill memory. */
export function readBody(req: IncomingMessage, limit = 1_000_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error('request body too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
