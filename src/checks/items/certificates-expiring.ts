import { byExpiry, CERT_LOOK, certLine, certTable } from '../certificates.js';
import { daysLeft, finding, plural, read } from '../finding.js';
import { GUIDE } from '../sections.js';
import type { Check } from '../types.js';

const base = {
  id: 'certificates-expiring',
  title: 'No certificate expiring around the upgrade window',
  section: GUIDE.certValidity,
};

/** A certificate that expires during or just after the upgrade fails it the same way an expired one does. */
export const certificatesExpiring: Check = {
  ...base,
  kind: 'automated',
  needs: ['certificates'],
  evaluate(snapshot, context) {
    const certs = read(base, snapshot.certificates, 'certificates', { look: CERT_LOOK });
    if (!certs.ok) return certs.finding;
    const window = context.certWarningDays;
    const soon = certs.value
      .filter((c) => {
        const days = daysLeft(c.notAfter, context.now);
        return c.notAfter.getTime() > context.now.getTime() && days < window;
      })
      .sort(byExpiry);
    if (soon.length === 0) {
      return finding(base, {
        status: 'pass',
        summary: `No certificate expires within ${window} days.`,
        evidence: [`${certs.value.length} certificates read (${certs.source})`],
        remediation: 'Nothing to do.',
      });
    }
    const first = soon[0];
    return finding(base, {
      status: 'warn',
      summary: `${plural(soon.length, 'certificate expires', 'certificates expire')} within ${window} days${first ? `; first: ${first.friendlyName}${first.node ? ` on ${first.node}` : ''} in ${daysLeft(first.notAfter, context.now)} days` : ''}.`,
      nodes: [...new Set(soon.flatMap((c) => (c.node ? [c.node] : [])))],
      evidence: soon.map((c) => certLine(c, context.now)),
      table: certTable(soon, context.now),
      remediation:
        'Renew them before the upgrade window: generate a CSR (Administration > System > Certificates > Certificate Signing Requests), have it signed, bind the new certificate to the same usage, and remove the old one once nothing uses it. Trusted certificates nobody needs can be deleted.',
    });
  },
};
