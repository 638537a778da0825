import type { CertificateInfo } from '../ise/snapshot/types.js';
import { daysLeft, utc } from './finding.js';
import { MENU } from './sections.js';

/** Columns of every certificate finding (issue 4: node, friendly name, usage, store, subject, issuer, expiry). */
export const CERT_COLUMNS = [
  'node',
  'friendly name',
  'usage',
  'store',
  'subject',
  'issuer',
  'expires',
  'days left',
];

export function certRow(cert: CertificateInfo, now: Date): string[] {
  return [
    cert.node ?? '(trusted store)',
    cert.friendlyName,
    cert.usage.join(', ') || '-',
    cert.internalCa ? `${cert.store} (internal CA)` : cert.store,
    cert.subject,
    cert.issuer,
    utc(cert.notAfter),
    String(daysLeft(cert.notAfter, now)),
  ];
}

/** One evidence line per certificate, the same facts as the table for renderers without tables. */
export function certLine(cert: CertificateInfo, now: Date): string {
  const days = daysLeft(cert.notAfter, now);
  const when = days < 0 ? `expired ${-days} days ago` : `${days} days left`;
  return `${cert.node ?? 'trusted store'} · ${cert.friendlyName} · ${cert.usage.join(', ') || 'no usage'} · ${cert.store} · subject ${cert.subject} · issuer ${cert.issuer} · expires ${utc(cert.notAfter)} (${when})`;
}

export function certTable(certs: readonly CertificateInfo[], now: Date) {
  return { columns: CERT_COLUMNS, rows: certs.map((c) => certRow(c, now)) };
}

export function byExpiry(a: CertificateInfo, b: CertificateInfo): number {
  return a.notAfter.getTime() - b.notAfter.getTime();
}

/** Where each store lives in the GUI, for remediation text. */
export function storeMenu(cert: CertificateInfo): string {
  if (cert.internalCa) return MENU.caCerts;
  return cert.store === 'system' ? MENU.systemCerts : MENU.trustedCerts;
}

export const CERT_LOOK = `Open ${MENU.systemCerts}, ${MENU.trustedCerts} and ${MENU.caCerts}; check the Expiration Date column of each.`;
