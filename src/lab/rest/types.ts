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
  /**
   * First release serving it; OpenAPI routes default to 3.1 (ise-rest-api.md §0), other families to any.
   * Earlier releases answer 404 as if the route did not exist.
   */
  since?: string;
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

/** An OpenAPI `{ response, version }` envelope. */
export const openApi = (response: unknown, status = 200): LabResponse =>
  json({ response, version: '1.0.0' }, status);

/** The deployment/pan-ha/repository/license error body (ise-rest-api.md §10). */
export const openApiError = (status: number, message: string): LabResponse =>
  json({ error: { message }, version: '1.0.0' }, status);

/** A `link` object as ISE writes it. */
export const selfLink = (href: string) => ({ rel: 'self', href, type: 'application/json' });
