import type { IncomingHttpHeaders } from 'node:http';
import { Agent, request } from 'node:https';
import { createSecureContext } from 'node:tls';
import type { Logger } from '../../log.js';
import type { Secret } from '../../secrets.js';
import { Semaphore } from '../../util/semaphore.js';
import { sleep } from '../../util/time.js';
import { IseError, IseHttpError, IseResponseTooLargeError, IseTimeoutError } from '../errors.js';
import { connectionError, httpError, isTlsFailure, tlsError } from './diagnose.js';
import { type ApiFamily, describe, type RestEndpoint } from './endpoint.js';

export interface RestClientOptions {
  username: string;
  password: Secret;
  /** PEM of the CA(s) that issued ISE's admin certificates; system CAs when absent. */
  ca?: string | Buffer;
  insecure: boolean;
  timeoutMs: number;
  /** Requests in flight per ISE host. */
  concurrency: number;
  /** Largest answer read from ISE (`rest.maxResponseBytes`); past it the request fails, unbuffered. */
  maxResponseBytes: number;
  retries?: number;
  log?: Logger;
  /** Observes every HTTP exchange (metrics, the benchmark's per-node call counts). */
  onCall?: (call: RestCall) => void;
  /** Injected for tests: how long to wait before a retry. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

export interface RestCall {
  family: ApiFamily;
  hostname: string;
  method: string;
  path: string;
  status: number | 'error';
  ms: number;
}

export interface RequestOptions {
  family: ApiFamily;
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  signal?: AbortSignal;
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export interface RestResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

const ACCEPT: Record<ApiFamily, string> = {
  ers: 'application/json',
  openapi: 'application/json',
  mnt: 'application/xml',
};

/** Longest Retry-After we honour; past that the caller is better told than kept waiting. */
const MAX_RETRY_AFTER_MS = 30_000;

/**
 * HTTPS to ISE's three API families: basic auth, the headers ISE wants, session cookies, retries on
 * 429/503 (and connection resets on reads), a concurrency bound per host, typed errors.
 */
export class IseRestClient {
  readonly #options: RestClientOptions;
  readonly #agent: Agent;
  readonly #limits = new Map<string, Semaphore>();
  readonly #cookies = new Map<string, Map<string, string>>();
  readonly #authorization: string;

  constructor(options: RestClientOptions) {
    this.#options = options;
    // One TLS context for all connections: given only `ca`, Node builds a context (parsing the CA PEM)
    // for every new connection, and a read of 58 nodes opens hundreds; that stalled the event loop, and
    // with it the chat acks, for hundreds of ms (npm run bench).
    this.#agent = new Agent({
      keepAlive: true,
      maxSockets: options.concurrency,
      secureContext: createSecureContext(options.ca === undefined ? {} : { ca: options.ca }),
      rejectUnauthorized: !options.insecure,
    });
    this.#authorization = `Basic ${Buffer.from(`${options.username}:${options.password.reveal()}`).toString('base64')}`;
  }

  async getJson<T>(endpoint: RestEndpoint, path: string, options: RequestOptions): Promise<T> {
    const response = await this.request(endpoint, path, options);
    try {
      return JSON.parse(response.body) as T;
    } catch {
      const contentType = String(response.headers['content-type'] ?? '');
      if (/json/i.test(contentType)) {
        throw new IseHttpError(
          response.status,
          options.method ?? 'GET',
          path,
          'the answer is not valid JSON (cut short or garbled)',
          `${describe(endpoint)} may be overloaded or behind a proxy that truncates answers; try again, and check the node's application server.`,
        );
      }
      throw httpError(
        options.family,
        endpoint,
        options.method ?? 'GET',
        path,
        response.status,
        response.body,
        contentType || 'text/html',
      );
    }
  }

  async request(endpoint: RestEndpoint, path: string, options: RequestOptions): Promise<RestResponse> {
    const method = options.method ?? 'GET';
    const retries = this.#options.retries ?? 3;
    const limit = this.#limit(endpoint);
    for (let attempt = 0; ; attempt++) {
      const started = performance.now();
      try {
        const response = await limit.run(() => this.#once(endpoint, path, method, options), options.signal);
        this.#observe(options.family, endpoint, method, path, response.status, started);
        const retryable = response.status === 429 || response.status === 503;
        if (retryable && attempt < retries) {
          await this.#wait(attempt, response.headers['retry-after'], options.signal);
          continue;
        }
        const contentType = String(response.headers['content-type'] ?? '');
        const htmlFromErs = options.family === 'ers' && /text\/html/i.test(contentType);
        if (response.status >= 400 || htmlFromErs) {
          throw httpError(
            options.family,
            endpoint,
            method,
            path,
            response.status,
            response.body,
            contentType,
          );
        }
        return response;
      } catch (error) {
        // Our own typed errors (and aborts) pass through; only socket-level errors are handled below.
        if (error instanceof IseError || !(error instanceof Error) || !('code' in error)) throw error;
        if (options.signal?.aborted) throw options.signal.reason;
        this.#observe(options.family, endpoint, method, path, 'error', started);
        const code = (error as NodeJS.ErrnoException).code;
        const reset = code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED';
        // Only reads are safe to repeat: a write may have reached ISE before the connection broke.
        if (reset && method === 'GET' && attempt < retries && !options.signal?.aborted) {
          await this.#wait(attempt, undefined, options.signal);
          continue;
        }
        if (isTlsFailure(error)) throw await tlsError(endpoint, error as NodeJS.ErrnoException);
        throw connectionError(options.family, endpoint, error as NodeJS.ErrnoException);
      }
    }
  }

  close(): void {
    this.#agent.destroy();
  }

  #once(
    endpoint: RestEndpoint,
    path: string,
    method: string,
    options: RequestOptions,
  ): Promise<RestResponse> {
    const timeoutMs = options.timeoutMs ?? this.#options.timeoutMs;
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const headers: Record<string, string> = {
      Host: endpoint.port === 443 ? endpoint.host : `${endpoint.host}:${endpoint.port}`,
      Authorization: this.#authorization,
      Accept: ACCEPT[options.family],
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...this.#cookieHeader(endpoint),
      ...options.headers,
    };
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: endpoint.address,
          port: endpoint.port,
          // SNI carries names only (RFC 6066); an address as `pan` is checked against the certificate's IPs.
          ...(/^[\d.]+$|:/.test(endpoint.host) ? {} : { servername: endpoint.host }),
          path,
          method,
          headers,
          agent: this.#agent,
          ...(options.signal === undefined ? {} : { signal: options.signal }),
        },
        (res) => {
          const limit = this.#options.maxResponseBytes;
          const tooLarge = () => {
            clearTimeout(timer);
            res.removeAllListeners('data');
            chunks.length = 0;
            req.destroy();
            reject(new IseResponseTooLargeError(`${method} ${path} on ${describe(endpoint)}`, limit));
          };
          const chunks: Buffer[] = [];
          let size = 0;
          // Counted as it streams (and checked up front when declared), so no answer is held past the limit.
          if (Number(res.headers['content-length'] ?? 0) > limit) return tooLarge();
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > limit) tooLarge();
            else chunks.push(c);
          });
          res.on('end', () => {
            clearTimeout(timer);
            this.#keepCookies(endpoint, res.headers['set-cookie']);
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            });
          });
          res.on('error', reject);
        },
      );
      const timer = setTimeout(() => {
        req.destroy();
        reject(
          new IseTimeoutError(
            `${method} ${path} on ${describe(endpoint)}`,
            timeoutMs,
            options.family === 'ers'
              ? 'A closed ERS port looks like a timeout: check that ERS is enabled and the port (9060 before 3.1, 443 from 3.1).'
              : 'Raise rest.timeoutMs if the node is just slow.',
          ),
        );
      }, timeoutMs);
      req.on('error', (error) => {
        clearTimeout(timer);
        reject(options.signal?.aborted ? options.signal.reason : error);
      });
      if (body !== undefined) req.write(body);
      req.end();
    });
  }

  #limit(endpoint: RestEndpoint): Semaphore {
    const key = `${endpoint.address}:${endpoint.port}/${endpoint.host}`;
    let limit = this.#limits.get(key);
    if (!limit) {
      limit = new Semaphore(this.#options.concurrency);
      this.#limits.set(key, limit);
    }
    return limit;
  }

  async #wait(
    attempt: number,
    retryAfter: string | string[] | undefined,
    signal?: AbortSignal,
  ): Promise<void> {
    const header = Array.isArray(retryAfter) ? retryAfter[0] : retryAfter;
    const random = this.#options.random ?? Math.random;
    let ms = parseRetryAfter(header);
    // Full jitter on exponential backoff, so many callers do not retry in step.
    ms ??= Math.round(random() * 250 * 2 ** attempt) + 50;
    await (this.#options.sleep ?? sleep)(Math.min(ms, MAX_RETRY_AFTER_MS), signal);
  }

  #cookieHeader(endpoint: RestEndpoint): Record<string, string> {
    const jar = this.#cookies.get(endpoint.host);
    if (!jar || jar.size === 0) return {};
    return { Cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') };
  }

  /** ISE keeps an ERS session (and its CSRF token) in JSESSIONIDSSO / APPSESSIONID cookies. */
  #keepCookies(endpoint: RestEndpoint, setCookie: string[] | undefined): void {
    if (!setCookie) return;
    const jar = this.#cookies.get(endpoint.host) ?? new Map<string, string>();
    for (const line of setCookie) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      if (at > 0) jar.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    this.#cookies.set(endpoint.host, jar);
  }

  #observe(
    family: ApiFamily,
    endpoint: RestEndpoint,
    method: string,
    path: string,
    status: number | 'error',
    started: number,
  ) {
    const ms = performance.now() - started;
    this.#options.onCall?.({ family, hostname: endpoint.hostname, method, path, status, ms });
    this.#options.log?.debug(
      { family, host: endpoint.hostname, method, path, status, ms: Math.round(ms) },
      'ise call',
    );
  }
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
