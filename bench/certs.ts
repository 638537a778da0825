import { createHash } from 'node:crypto';
import { ladderStep } from '../src/certs/ladder.js';
import { certificatesReply } from '../src/certs/report.js';
import type { CertificateInfo } from '../src/ise/snapshot/types.js';
import { median } from './stats.js';

const DAY_MS = 86_400_000;
const USAGES = ['Admin', 'EAP Authentication', 'Portal', 'pxGrid', 'RADIUS DTLS', 'SAML'];

/** `count` certificates spread over the nodes (one in twenty in the trusted store), expiring from a month ago to three years out. */
export function generateCertificates(count: number, nodes: readonly string[], now: Date): CertificateInfo[] {
  return Array.from({ length: count }, (_, i) => {
    const trusted = i % 20 === 19;
    const node = nodes[i % nodes.length] ?? 'ise-pan1';
    // A fixed stride through the range rather than random: the same spread of ladder rungs every run.
    const days = ((i * 37) % 1125) - 30;
    const name = trusted ? `Trusted CA ${i}` : `${node} ${USAGES[i % USAGES.length]} ${i}`;
    return {
      ...(trusted ? {} : { node }),
      store: trusted ? 'trusted' : 'system',
      friendlyName: name,
      usage: trusted ? ['Infrastructure', 'Endpoints'] : [USAGES[i % USAGES.length] ?? 'Admin'],
      subject: `CN=${trusted ? name : `${node}.corp.example.com`}`,
      issuer: 'CN=Corp Issuing CA',
      notBefore: new Date(now.getTime() - 365 * DAY_MS),
      notAfter: new Date(now.getTime() + days * DAY_MS + (i % 24) * 3_600_000),
      fingerprint: createHash('sha256').update(name).digest('hex'),
      internalCa: i % 7 === 0,
      ...(trusted ? { enabled: true } : {}),
    } satisfies CertificateInfo;
  });
}

export interface CertScan {
  certificates: number;
  nodes: number;
  /** Median of `repeats` scans. */
  ms: number;
  warned: number;
}

/**
 * What the certificate job and `certs` do with a read: the ladder rung of each certificate, then the
 * `certs 3650` reply (every certificate listed, sorted, as a table and JSON) — the worst case.
 */
export function certScan(certs: readonly CertificateInfo[], nodes: number, repeats = 5): CertScan {
  const now = new Date();
  const times: number[] = [];
  let warned = 0;
  for (let r = 0; r < repeats; r++) {
    const started = performance.now();
    warned = certs.filter((c) => c.notAfter && ladderStep(c.notAfter, now) !== undefined).length;
    certificatesReply('large', { state: 'ok', value: [...certs], source: 'bench' }, 3650, now);
    times.push(performance.now() - started);
  }
  return { certificates: certs.length, nodes, ms: median(times), warned };
}
