import type { IncomingHttpHeaders } from 'node:http';
import type { LabNode, Scenario } from '../scenario.js';

export type LabFamily = 'ers' | 'openapi' | 'mnt';

export interface LabRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  /** The node the request was addressed to (by its Host header). */
  node: LabNode;
  /** `https://<fqdn>:<port>` as the client addressed it, for absolute links (ERS nextPage). */
  origin: string;
  scenario: Scenario;
  now: Date;
}

export interface LabResponse {
  status: number;
  /** `json` is compact, `jackson` is ERS's pretty print, `xml`/`html`/`text` are sent as is. */
  type: 'json' | 'jackson' | 'xml' | 'html' | 'text' | 'empty';
  body?: unknown;
  headers?: Record<string, string>;
}

export interface LabRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  family: LabFamily;
  /** Matched against the path without query; named groups become params. */
  path: RegExp;
  handle(request: LabRequest, params: Record<string, string>): LabResponse;
}

export const json = (body: unknown, status = 200): LabResponse => ({ status, type: 'json', body });
export const ers = (body: unknown, status = 200): LabResponse => ({ status, type: 'jackson', body });
export const xml = (body: string, status = 200): LabResponse => ({ status, type: 'xml', body });

/** The ERSResponse error envelope with the phrase-style `code` real ISE sends (ise-rest-api.md §10). */
export function ersError(status: number, operation: string, title: string, code: string): LabResponse {
  return ers(
    {
      ERSResponse: {
        operation,
        messages: [{ title, type: 'ERROR', code }],
        link: { rel: 'related', href: operation, type: 'application/xml' },
      },
    },
    status,
  );
}
