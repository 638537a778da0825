import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ReplyImage } from '../../src/reply/model.js';
import type { HttpServer } from './server.js';

export const IMAGES_PREFIX = '/images/';

export interface ImageShelfOptions {
  /** `http.publicUrl`: where platforms reach the listener; without it nothing is published. */
  publicUrl: string | (() => string | undefined) | undefined;
  /** Pictures kept at most (the oldest go first). */
  maxImages?: number;
  /** Bytes kept at most across all pictures. */
  maxBytes?: number;
  /** How long a picture stays available. */
  ttlMs?: number;
  now?: () => number;
}

interface Shelved {
  png: Uint8Array;
  expires: number;
}

const ID = /^\/images\/([0-9a-f]{32})\.png$/;

/**
 * Pictures for platforms that show an image by URL (Teams cards), served by the bot's own listener at
 * `GET /images/<128-bit random id>.png`. No auth: the id is unguessable and only ever sent in the card
 * that shows it (SECURITY.md). Kept in memory, bounded by count, bytes and age, so pictures cannot fill
 * the bot's memory and an old link stops working; nothing is written to disk.
 */
export class ImageShelf {
  readonly #items = new Map<string, Shelved>();
  readonly #maxImages: number;
  readonly #maxBytes: number;
  readonly #ttlMs: number;
  readonly #now: () => number;
  #bytes = 0;

  constructor(private readonly options: ImageShelfOptions) {
    this.#maxImages = options.maxImages ?? 200;
    this.#maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    this.#ttlMs = options.ttlMs ?? 24 * 60 * 60 * 1000;
    this.#now = options.now ?? Date.now;
  }

  /** Serves the pictures on `http` (one prefix route). */
  mount(http: HttpServer): void {
    http.routePrefix('GET', IMAGES_PREFIX, (req, res) => this.handle(req, res));
  }

  get size(): number {
    return this.#items.size;
  }

  /** The URL the picture is served at from now on, or undefined when there is no public URL to give. */
  publish(image: ReplyImage): string | undefined {
    const base =
      typeof this.options.publicUrl === 'function' ? this.options.publicUrl() : this.options.publicUrl;
    if (!base || image.png.length > this.#maxBytes) return undefined;
    const id = randomBytes(16).toString('hex');
    this.#items.set(id, { png: image.png, expires: this.#now() + this.#ttlMs });
    this.#bytes += image.png.length;
    this.#evict();
    return `${base.replace(/\/+$/, '')}${IMAGES_PREFIX}${id}.png`;
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    this.#evict();
    const id = ID.exec((req.url ?? '').split('?')[0] ?? '')?.[1];
    const item = id === undefined ? undefined : this.#items.get(id);
    if (!item) {
      res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    res
      .writeHead(200, {
        'Content-Type': 'image/png',
        'Content-Length': item.png.length,
        'Cache-Control': 'private, max-age=3600',
        'X-Content-Type-Options': 'nosniff',
      })
      .end(Buffer.from(item.png.buffer, item.png.byteOffset, item.png.byteLength));
  }

  /** Drops what expired, then the oldest until within the count and byte bounds (a Map keeps insertion order). */
  #evict(): void {
    const now = this.#now();
    for (const [id, item] of this.#items) {
      const over = this.#items.size > this.#maxImages || this.#bytes > this.#maxBytes;
      if (!over && item.expires > now) continue;
      this.#items.delete(id);
      this.#bytes -= item.png.length;
    }
  }
}
