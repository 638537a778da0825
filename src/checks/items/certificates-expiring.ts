import {
  byExpiry,
  byReadableExpiry,
  CERT_LOOK,
  certGroupLines,
  certTable,
  UNDATED_REMEDIATION,
  undatedLine,
  undatedSummary,
} from '../certificates.js';
import { daysLeft, faultyFirst, finding, plural, read } from '../finding.js';
import { GUIDE } from '../sections.js';
import type { Check } from '../types.js';

const base = {
  id: 'certificates-expiring',
  title: 'No certificate expiring around the upgrade window',
  section: GUIDE.certValidity,
};

const RENEW =
  'Renew them before the upgrade window: generate a CSR (Administration > System > Certificates > Certificate Signing Requests), have it signed, bind the new certificate to the same usage, and remove the old one once nothing uses it. Trusted certificates nobody needs can be deleted.';

/**
 * A certificate that expires during or just after the upgrade fails it the same way an expired one does.
 * One whose expiry could not be read is `error` with its text; the others are judged all the same.
 */
export const certificatesExpiring: Check = {
  ...base,
  kind: 'automated',
  needs: ['certificates'],
  evaluate(snapshot, context) {
    const certs = read(base, snapshot.certificates, 'certificates', { look: CERT_LOOK });
    if (!certs.ok) return certs.finding;
    const window = context.certWarningDays;
    const { dated, undated } = byReadableExpiry(certs.value);
    const soon = dated
      .filter((c) => {
        const days = daysLeft(c.notAfter, context.now);
        return c.notAfter.getTime() > context.now.getTime() && days < window;
      })
      .sort(byExpiry);
    const unknown = undated.map(undatedLine);
    const undatedNodes = undated.flatMap((c) => (c.node ? [c.node] : []));
    if (soon.length === 0) {
      if (undated.length > 0) {
        return finding(base, {
          status: 'error',
          summary: `No certificate read expires within ${window} days, but ${undatedSummary(undated)}.`,
          nodes: [...new Set(undatedNodes)],
          evidence: [...unknown, `${dated.length} certificates read (${certs.source})`],
          faulty: unknown.length,
          remediation: UNDATED_REMEDIATION,
        });
      }
      return finding(base, {
        status: 'pass',
        summary: `No certificate expires within ${window} days.`,
        evidence: [`${dated.length} certificates read (${certs.source})`],
        faulty: 0,
        remediation: 'Nothing to do.',
      });
    }
    const first = soon[0];
    return finding(base, {
      // What could not be read outranks a warning: the admin must look at it before trusting the rest.
      status: undated.length > 0 ? 'error' : 'warn',
      summary: `${plural(soon.length, 'certificate expires', 'certificates expire')} within ${window} days${first ? `; first: ${first.friendlyName}${first.node ? ` on ${first.node}` : ''} in ${daysLeft(first.notAfter, context.now)} days` : ''}.${
        undated.length > 0 ? ` Also, ${undatedSummary(undated)}.` : ''
      }`,
      nodes: [...new Set([...soon.flatMap((c) => (c.node ? [c.node] : [])), ...undatedNodes])],
      // Identical per-node certificates (the self-signed SAML one on each node) as one line each.
      ...faultyFirst([
        ...certGroupLines(soon, context.now).map((line) => ({ line, status: 'warn' as const })),
        ...unknown.map((line) => ({ line, status: 'error' as const })),
      ]),
      table: certTable(soon, context.now),
      remediation: undated.length > 0 ? `${RENEW} ${UNDATED_REMEDIATION}` : RENEW,
    });
  },
};
