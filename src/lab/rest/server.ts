import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { compareRelease } from '../../ise/release.js';
import type { LabNode, Scenario } from '../scenario.js';
import { jacksonStringify } from './jackson.js';
import type { LabFamily, LabRequest, LabResponse, LabRoute } from './types.js';

export interface LabRestOptions {
  scenario: Scenario;
  routes: LabRoute[];
  tls: { certPem: string; keyPem: string };
  /** Which port this listener plays: `https` is ISE's 443 (OpenAPI, MnT, ERS from 3.1), `ers` its 9060. */
  role: 'https' | 'ers';
  now: () => Date;
  port?: number;
  /** Every request, for tests and the benchmark (calls per node). */
  onRequest?: (node: string, family: LabFamily, path: string) => void;
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

const NOT_FOUND_HTML =
  '<!DOCTYPE html><html lang="en"><head><title>404</title></head><body><h1>[ 404 ] </h1></body></html>';

/** One HTTPS listener of the lab: routes by family, serves each release's surface only. */
export async function startLabRestServer(options: LabRestOptions): Promise<LabRestServer> {
  const server: Server = createServer({ cert: options.tls.certPem, key: options.tls.keyPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        send(res, handle(options, req, Buffer.concat(chunks).toString('utf8')));
      } catch (error) {
        send(res, { status: 500, type: 'text', body: `lab error: ${(error as Error).message}` });
      }
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

function familyOf(path: string): LabFamily | undefined {
  if (path.startsWith('/ers/')) return 'ers';
  if (path.startsWith('/api/')) return 'openapi';
  if (path.startsWith('/admin/API/mnt/')) return 'mnt';
  return undefined;
}

function handle(options: LabRestOptions, req: IncomingMessage, body: string): LabResponse {
  const { scenario } = options;
  const url = new URL(req.url ?? '/', 'https://lab.invalid');
  const family = familyOf(url.pathname);
  const node = nodeFor(scenario, req.headers.host);
  const openApi = compareRelease(scenario.version.split('.').slice(0, 2).join('.'), '3.1') >= 0;
  // 9060 serves ERS only; 443 serves OpenAPI (3.1+), MnT, and ERS from 3.1 (ise-rest-api.md §0).
  const served =
    family !== undefined &&
    (options.role === 'ers'
      ? family === 'ers'
      : family === 'mnt' || (openApi && (family === 'openapi' || family === 'ers')));
  if (!served || !node) return { status: 404, type: 'html', body: NOT_FOUND_HTML };
  options.onRequest?.(node.hostname, family, url.pathname);
  if (!authorized(scenario, req.headers.authorization)) return { status: 401, type: 'empty' };
  const accept = String(req.headers.accept ?? '');
  if (family === 'ers' && !/application\/(json|xml)|\*\/\*/.test(accept))
    return { status: 415, type: 'xml', body: MEDIA_ERROR };
  const method = req.method ?? 'GET';
  for (const route of options.routes) {
    if (route.family !== family || route.method !== method) continue;
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
    return route.handle(request, { ...match.groups });
  }
  return {
    status: 404,
    type: family === 'ers' ? 'html' : 'json',
    body: family === 'ers' ? NOT_FOUND_HTML : { error: { message: 'Not Found' }, version: '1.0.0' },
  };
}

/** The addressed node, by the Host header's name (fqdn or hostname); the PAN when it is an address. */
function nodeFor(scenario: Scenario, host: string | undefined): LabNode | undefined {
  const name = (host ?? '').replace(/:\d+$/, '').split('.')[0] ?? '';
  return (
    scenario.nodes.find((n) => n.hostname === name) ??
    (/^\d+$|^localhost$/.test(name) || name === '127'
      ? scenario.nodes.find((n) => n.roles.includes('PrimaryAdmin'))
      : undefined)
  );
}

function authorized(scenario: Scenario, header: string | undefined): boolean {
  const { username, password } = scenario.credentials.rest;
  return header === `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

function send(res: ServerResponse, response: LabResponse): void {
  const types = {
    json: 'application/json',
    jackson: 'application/json;charset=utf-8',
    xml: 'application/xml',
    html: 'text/html;charset=utf-8',
    text: 'text/plain',
    empty: 'text/plain',
  };
  const payload =
    response.type === 'empty'
      ? ''
      : response.type === 'json'
        ? JSON.stringify(response.body)
        : response.type === 'jackson'
          ? jacksonStringify(response.body)
          : String(response.body ?? '');
  res.writeHead(response.status, {
    ...ISE_HEADERS,
    'Content-Type': types[response.type],
    'Content-Length': Buffer.byteLength(payload),
    ...response.headers,
  });
  res.end(payload);
}
