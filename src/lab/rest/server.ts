import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createSecureContext, type SecureContext } from 'node:tls';
import { apiAvailable, gateForPath } from '../../ise/api-gates.js';
import { compareRelease } from '../../ise/release.js';
import { sleep } from '../../util/time.js';
import { faultResponse, type RestFaultPlan } from '../faults.js';
import { type LabNode, releaseOf, type Scenario } from '../scenario.js';
import { jacksonStringify } from './jackson.js';
import type { LabFamily, LabRequest, LabResponse, LabRoute } from './types.js';

export interface LabRestOptions {
  scenario: Scenario;
  routes: LabRoute[];
  /** The configured `pan`'s certificate (also for clients that send no SNI, e.g. by address). */
  tls: { certPem: string; keyPem: string };
  /** Each node's own certificate by the name a client asks for (SNI): ISE has one per node. */
  tlsByName?: ReadonlyMap<string, { certPem: string; keyPem: string }>;
  /** The configured `pan` (the REST entry point): where requests by address land. */
  entryPan?: string;
  /** Which port this listener plays: `https` is ISE's 443 (OpenAPI, MnT, ERS from 3.1), `ers` its 9060. */
  role: 'https' | 'ers';
  now: () => Date;
  port?: number;
  /** Every request, for tests and the benchmark (calls per node). */
  onRequest?: (node: string, family: LabFamily, path: string, method: string) => void;
  /** Faults in force now (they may change while the lab runs). */
  faults?: () => RestFaultPlan;
  /** Added to every answered request. */
  latencyMs?: () => number;
}

export interface LabRestServer {
  port: number;
  close(): Promise<void>;
}

/** Real ISE's response headers on ERS (ise-rest-api.md §10, copied from ISE 3.0). */
const ISE_HEADERS = {
  'Cache-Control': 'no-cache, no-store, must-revalidate',
  Pragma: 'no-cache',
  Expires: 'Thu, 01 Jan 1970 00:00:00 GMT',
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  'X-Frame-Options': 'SAMEORIGIN',
  'X-Content-Type-Options': 'nosniff',
  'X-XSS-Protection': '1; mode=block',
  Server: '',
};

const MEDIA_ERROR =
  '<?xml version="1.0" encoding="utf-8" standalone="yes"?><ns3:ersResponse operation="GET-getAll" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:ns3="ers.ise.cisco.com"><messages><message type="ERROR" code="Resource media type exception"><title>Illegal Request Header:  one or more of \'accept\' / \'content-type\' / \'ers-media-type\' headers is not supported.</title></message></messages></ns3:ersResponse>';

const LOGIN_HTML =
  '<!DOCTYPE html><html><head><title>Identity Services Engine</title></head><body><form action="/admin/LoginAction.do" method="post"></form></body></html>';

const NOT_FOUND_HTML =
  '<!DOCTYPE html><html lang="en"><head><title>404</title></head><body><h1>[ 404 ] </h1></body></html>';

/** One HTTPS listener of the lab: routes by family, serves each release's surface only. */
export async function startLabRestServer(options: LabRestOptions): Promise<LabRestServer> {
  const csrfToken = randomUUID();
  const contexts = new Map(
    [...(options.tlsByName ?? [])].map(([name, c]) => [
      name.toLowerCase(),
      createSecureContext({ cert: c.certPem, key: c.keyPem }),
    ]),
  );
  const tlsOptions = {
    cert: options.tls.certPem,
    key: options.tls.keyPem,
    SNICallback: (name: string, done: (err: Error | null, ctx?: SecureContext) => void) =>
      done(null, contexts.get(name.toLowerCase())),
  };
  const server: Server = createServer(tlsOptions, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      serve(options, req, res, Buffer.concat(chunks).toString('utf8'), csrfToken).catch((error: unknown) => {
        if (!res.headersSent)
          send(res, { status: 500, type: 'text', body: `lab error: ${(error as Error).message}` });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Latency and faults first (they act like the network and the gateway would), then the route. */
async function serve(
  options: LabRestOptions,
  req: IncomingMessage,
  res: ServerResponse,
  body: string,
  csrfToken: string,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'https://lab.invalid');
  const family = familyOf(url.pathname);
  const node = nodeFor(options.scenario, req.headers.host, options.entryPan);
  const method = req.method ?? 'GET';
  const fault =
    family && node
      ? options.faults?.().pick({ node: node.hostname, family, method, path: url.pathname })
      : undefined;
  const delay = (options.latencyMs?.() ?? 0) + (fault?.latencyMs ?? 0);
  if (delay > 0) await sleep(delay);
  if (fault?.hang) return; // never answers; the client's timeout must cut it
  if (fault?.reset) {
    req.socket.destroy();
    return;
  }
  if (fault?.status !== undefined && family) {
    if (node) options.onRequest?.(node.hostname, family, url.pathname, req.method ?? 'GET');
    return send(res, faultResponse(fault.status, family, fault.retryAfterSeconds));
  }
  const response = handle(options, req, body, csrfToken);
  if (fault?.malformed && response.status < 300) return send(res, response, true);
  send(res, response);
}

function familyOf(path: string): LabFamily | undefined {
  if (path.startsWith('/ers/')) return 'ers';
  if (path.startsWith('/api/')) return 'openapi';
  if (path.startsWith('/admin/API/mnt/')) return 'mnt';
  return undefined;
}

function handle(options: LabRestOptions, req: IncomingMessage, body: string, csrfToken: string): LabResponse {
  const { scenario } = options;
  const url = new URL(req.url ?? '/', 'https://lab.invalid');
  const family = familyOf(url.pathname);
  const node = nodeFor(scenario, req.headers.host, options.entryPan);
  const release = releaseOf(scenario.version);
  // Release AND patch decide, from the bot's own gate table (src/ise/api-gates.ts): 3.1 P0 has no
  // deployment API. An /api path the table does not list is taken as 3.1+.
  const level = { release, patch: scenario.patch };
  const gate = family === undefined ? undefined : gateForPath(family, url.pathname);
  const openApi = gate ? apiAvailable(gate.api, level) : compareRelease(release, '3.1') >= 0;
  const ersOn443 = apiAvailable('ers-on-443', level);
  // 9060 serves ERS only; 443 serves OpenAPI (3.1+), MnT, and ERS from 3.1 (ise-rest-api.md §0).
  const served =
    family !== undefined &&
    (options.role === 'ers'
      ? family === 'ers'
      : family === 'mnt' || (family === 'openapi' && openApi) || (family === 'ers' && ersOn443));
  if (!served || !node) return { status: 404, type: 'html', body: NOT_FOUND_HTML };
  options.onRequest?.(node.hostname, family, url.pathname, req.method ?? 'GET');
  // Open API on a node other than the primary PAN answers only with "All Other Nodes" enabled; what a
  // disabled node sends is not documented: the gateway's 404 page is INFERENCE.
  const primary = node.roles.includes('PrimaryAdmin') || node.roles.includes('Standalone');
  if (family === 'openapi' && scenario.api.openApi === 'pan' && !primary)
    return { status: 404, type: 'html', body: NOT_FOUND_HTML };
  // ERS disabled: 9060 is closed (the listener is not started); on 443 ISE answers with its HTML
  // login page and 200 (1homas' README, ise-rest-api.md §0).
  if (family === 'ers' && !scenario.api.ers) return { status: 200, type: 'html', body: LOGIN_HTML };
  if (!authorized(scenario, req.headers.authorization)) return { status: 401, type: 'empty' };
  const accept = String(req.headers.accept ?? '');
  if (family === 'ers' && !/application\/(json|xml)|\*\/\*/.test(accept))
    return { status: 415, type: 'xml', body: MEDIA_ERROR };
  const method = req.method ?? 'GET';
  const csrf = family === 'ers' && scenario.ersCsrf ? csrfCheck(req, method, csrfToken) : undefined;
  if (csrf && 'reject' in csrf) return csrf.reject;
  for (const route of options.routes) {
    if (route.family !== family || route.method !== method) continue;
    if (route.since !== undefined && compareRelease(release, route.since) < 0) continue;
    const match = route.path.exec(url.pathname);
    if (!match) continue;
    const request: LabRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
      node,
      origin: `https://${req.headers.host ?? 'localhost'}`,
      scenario,
      now: options.now(),
    };
    const response = route.handle(request, { ...match.groups });
    return csrf ? { ...response, headers: { ...response.headers, ...csrf.headers } } : response;
  }
  return {
    status: 404,
    type: family === 'ers' ? 'html' : 'json',
    body: family === 'ers' ? NOT_FOUND_HTML : { error: { message: 'Not Found' }, version: '1.0.0' },
  };
}

/**
 * The addressed node, by the Host header's name (fqdn or hostname) or a node's IP address; any other
 * address (127.0.0.1, localhost) reaches the configured `pan`, the node the lab's address stands for.
 */
function nodeFor(scenario: Scenario, host: string | undefined, entryPan?: string): LabNode | undefined {
  const bare = (host ?? '').replace(/:\d+$/, '');
  const name = bare.split('.')[0] ?? '';
  const byName = scenario.nodes.find((n) => n.hostname === name || n.ipAddress === bare);
  if (byName) return byName;
  if (!/^[\d.]+$|^localhost$/.test(bare)) return undefined;
  return (
    scenario.nodes.find((n) => n.hostname === entryPan) ??
    scenario.nodes.find((n) => n.roles.includes('PrimaryAdmin'))
  );
}

function authorized(scenario: Scenario, header: string | undefined): boolean {
  const { username, password } = scenario.credentials.rest;
  return header === `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/**
 * ERS CSRF mode (ise-rest-api.md §10): `X-CSRF-Token: fetch` on any request returns the token; writes
 * without it get 403 with ISE's HTML body. The 60 s idle reset is not modelled: one token per lab run.
 */
function csrfCheck(
  req: IncomingMessage,
  method: string,
  token: string,
): { reject: LabResponse } | { headers: Record<string, string> } | undefined {
  const sent = req.headers['x-csrf-token'];
  if (sent === 'fetch') return { headers: { 'X-CSRF-Token': token } };
  if (method !== 'GET' && sent !== token) {
    return {
      reject: {
        status: 403,
        type: 'html',
        body: 'CSRF nonce validation failed<!DOCTYPE html><html lang="en"><head></head><body><div class="container"><h1>[ 403 ] </h1><p></p><p></p></div></body></html>',
      },
    };
  }
  return undefined;
}

function send(res: ServerResponse, response: LabResponse, malformed = false): void {
  const types = {
    json: 'application/json',
    jackson: 'application/json;charset=utf-8',
    xml: 'application/xml',
    html: 'text/html;charset=utf-8',
    text: 'text/plain',
    empty: 'text/plain',
  };
  let payload =
    response.type === 'empty'
      ? ''
      : response.type === 'json'
        ? JSON.stringify(response.body)
        : response.type === 'jackson'
          ? jacksonStringify(response.body)
          : String(response.body ?? '');
  // A malformed-JSON fault: the body stops half-way, as a truncated or garbled answer would.
  if (malformed) payload = payload.slice(0, Math.max(1, Math.floor(payload.length / 2)));
  res.writeHead(response.status, {
    ...ISE_HEADERS,
    'Content-Type': types[response.type],
    'Content-Length': Buffer.byteLength(payload),
    ...response.headers,
  });
  res.end(payload);
}
