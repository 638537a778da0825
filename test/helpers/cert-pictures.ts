import { createCertsCommand } from '../../commands/certs.js';
import type { Command } from '../../commands/types.js';
import type { CertificateInfo } from '../../src/ise/snapshot/types.js';
import { cert } from '../checks/fixtures.js';

const DAY = 86_400_000;

/** A deployment's certificates around the real clock: one expired, one due in 20 days, six alike. */
export function certsAroundNow(now = Date.now()): CertificateInfo[] {
  const at = (d: number) => new Date(now + d * DAY);
  return [
    cert({ store: 'trusted', friendlyName: 'Partner VPN CA', usage: ['Infrastructure'], notAfter: at(-41) }),
    cert({ node: 'ise-pan1', friendlyName: 'Admin and EAP - ise-pan1', notAfter: at(20) }),
    ...['ise-pan1', 'ise-pan2', 'ise-psn1', 'ise-psn2', 'ise-psn3', 'ise-psn4'].map((h) =>
      cert({
        node: h,
        friendlyName: `SAML_${h}`,
        usage: ['SAML'],
        fingerprint: `saml-${h}`,
        notAfter: at(299),
      }),
    ),
  ];
}

/** The real `certs` command over a fixed read of certificates (no ISE needed). */
export function certsCommand(certs: CertificateInfo[] = certsAroundNow()): Command {
  return createCertsCommand(() => async () => ({ state: 'ok', value: certs, source: 'test' }));
}
