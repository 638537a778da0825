import type { z } from 'zod';
import type { LabFamily, LabResponse } from './rest/types.js';
import type { restFaultSchema, sshFaultSchema } from './scenario-sections.js';

/** A REST fault: scenario YAML gives `path` as a regex source, tests may pass a RegExp. */
export type RestFault = Omit<z.input<typeof restFaultSchema>, 'path'> & {
  path?: string | RegExp | undefined;
};

/** An SSH fault for one node, passed through to the SSH server of that node. */
export type SshFault = Omit<z.input<typeof sshFaultSchema>, 'hangOn' | 'dropOn' | 'invalidOn'> & {
  hangOn?: string | RegExp | undefined;
  dropOn?: string | RegExp | undefined;
  invalidOn?: string | RegExp | undefined;
};

/** Faults set per scenario (`faults:`) or per test at runtime (`lab.setFaults(...)`). */
export interface LabFaults {
  rest?: RestFault[];
  /** Per node hostname, or `*` for every node. */
  ssh?: Record<string, SshFault>;
}

export interface RequestFacts {
  node: string;
  family: LabFamily;
  method: string;
  path: string;
}

/** mulberry32: a tiny seeded generator, so an error rate hits the same requests on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Decides, request by request, which fault (if any) applies; counts `times` down. */
export class RestFaultPlan {
  readonly #faults: Array<{ fault: RestFault; path: RegExp | undefined; left: number }>;
  readonly #random: () => number;

  constructor(faults: readonly RestFault[] = [], seed = 7) {
    this.#faults = faults.map((fault) => ({
      fault,
      path: fault.path === undefined ? undefined : new RegExp(fault.path),
      left: fault.times ?? Number.POSITIVE_INFINITY,
    }));
    this.#random = seeded(seed);
  }

  pick(request: RequestFacts): RestFault | undefined {
    for (const entry of this.#faults) {
      const { fault } = entry;
      if (entry.left <= 0) continue;
      if (fault.node !== undefined && fault.node !== request.node) continue;
      if (fault.family !== undefined && fault.family !== request.family) continue;
      if (fault.method !== undefined && fault.method.toUpperCase() !== request.method) continue;
      if (entry.path && !entry.path.test(request.path)) continue;
      if (fault.rate !== undefined && this.#random() >= fault.rate) continue;
      entry.left--;
      return fault;
    }
    return undefined;
  }
}

const HTML = (code: number, text: string) =>
  `<!DOCTYPE html><html lang="en"><head><title>${code}</title></head><body><h1>[ ${code} ] </h1><p>${text}</p></body></html>`;

/** What ISE sends for a forced status, in each family's own error shape (ise-rest-api.md §10). */
export function faultResponse(status: number, family: LabFamily, retryAfterSeconds?: number): LabResponse {
  const headers = retryAfterSeconds === undefined ? undefined : { 'Retry-After': String(retryAfterSeconds) };
  const withHeaders = (r: LabResponse): LabResponse => (headers ? { ...r, headers } : r);
  if (status === 401) return { status, type: 'empty' };
  // 502/503 come from the API gateway / web tier in front of the application: HTML, not JSON.
  if (status === 502 || status === 503 || status === 429 || status === 403)
    return withHeaders({
      status,
      type: 'html',
      body: HTML(status, status === 429 ? 'Too Many Requests' : ''),
    });
  if (family === 'ers') {
    return withHeaders({
      status,
      type: 'jackson',
      body: {
        ERSResponse: {
          operation: 'GET-lab-fault',
          messages: [
            {
              title: status === 404 ? 'Resource not found' : 'Internal error',
              type: 'ERROR',
              code: status === 404 ? 'Resource not found exception' : 'CRUD operation exception',
            },
          ],
        },
      },
    });
  }
  if (family === 'mnt')
    return withHeaders({
      status,
      type: 'xml',
      body: `<mnt-rest-result><http-code>${status}</http-code></mnt-rest-result>`,
    });
  return withHeaders({
    status,
    type: 'json',
    body: { error: { message: status === 404 ? 'Not Found' : 'Internal Server Error' }, version: '1.0.0' },
  });
}
