import {
  byExpiry,
  byReadableExpiry,
  CERT_LOOK,
  certGroupLines,
  certTable,
  storeMenu,
  UNDATED_REMEDIATION,
  undatedLine,
  undatedSummary,
} from '../certificates.js';
import { faultyFirst, finding, plural, read } from '../finding.js';
import { GUIDE } from '../sections.js';
import type { Check } from '../types.js';

const base = {
  id: 'certificates-expired',
  title: 'No expired system, trusted or CA certificate',
  section: GUIDE.certValidity,
};

/**
 * "The upgrade process fails if any certificate in the Trusted Certificates or System Certificates store
 * has expired." A certificate whose expiry could not be read is neither: it makes the check `error` for
 * its node (unless another certificate has really expired), and every other certificate is still judged.
 */
export const certificatesExpired: Check = {
  ...base,
  kind: 'automated',
  needs: ['certificates'],
  evaluate(snapshot, context) {
    const certs = read(base, snapshot.certificates, 'certificates', { look: CERT_LOOK });
    if (!certs.ok) return certs.finding;
    const { dated, undated } = byReadableExpiry(certs.value);
    const expired = dated.filter((c) => c.notAfter.getTime() <= context.now.getTime()).sort(byExpiry);
    const unknown = undated.map(undatedLine);
    if (expired.length === 0) {
      if (undated.length > 0) {
        return finding(base, {
          status: 'error',
          summary: `None of the ${dated.length} certificates read has expired, but ${undatedSummary(undated)}.`,
          nodes: [...new Set(undated.flatMap((c) => (c.node ? [c.node] : [])))],
          evidence: [...unknown, `${dated.length} certificates read (${certs.source})`],
          faulty: unknown.length,
          remediation: UNDATED_REMEDIATION,
        });
      }
      return finding(base, {
        status: 'pass',
        summary: `None of the ${dated.length} certificates has expired.`,
        evidence: [`${dated.length} certificates read (${certs.source})`],
        faulty: 0,
        remediation: 'Nothing to do.',
      });
    }
    const menus = [...new Set(expired.map(storeMenu))];
    return finding(base, {
      status: 'fail',
      summary: `${plural(expired.length, 'certificate has', 'certificates have')} expired: ${expired
        .slice(0, 3)
        .map((c) => `${c.friendlyName}${c.node ? ` on ${c.node}` : ''}`)
        .join(', ')}${expired.length > 3 ? ', …' : ''}. The upgrade fails until they are renewed or deleted.${
        undated.length > 0 ? ` Also, ${undatedSummary(undated)}.` : ''
      }`,
      nodes: [...new Set(expired.flatMap((c) => (c.node ? [c.node] : [])))],
      // Identical per-node certificates (the self-signed SAML one on each node) as one line each.
      ...faultyFirst([
        ...certGroupLines(expired, context.now).map((line) => ({ line, status: 'fail' as const })),
        ...unknown.map((line) => ({ line, status: 'error' as const })),
      ]),
      table: certTable(expired, context.now),
      remediation: `Renew each certificate still in use (import the renewed one and bind it to the same usage), then delete the expired ones: ${menus.join('; ')} → select → Delete. Trusted certificates nobody uses can simply be deleted.`,
    });
  },
};
