import type { CertificateInfo, DatedCertificate, UndatedCertificate } from '../ise/snapshot/types.js';
import { collapsed, daysLeft, utc } from './finding.js';
import { MENU } from './sections.js';

/** Columns of every certificate finding (issue 4: node, friendly name, usage, store, subject, issuer, expiry). */
export const CERT_COLUMNS = [
  'Node',
  'Friendly name',
  'Usage',
  'Store',
  'Subject',
  'Issuer',
  'Expires',
  'Days left',
];

export function certRow(cert: DatedCertificate, now: Date): string[] {
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
export function certLine(cert: DatedCertificate, now: Date): string {
  return `${cert.node ?? 'trusted store'} · ${certFacts(cert, now)}`;
}

/**
 * A certificate's facts, each name once: the subject only when the friendly name does not already
 * carry it, "self-signed" instead of an issuer equal to the subject.
 */
function certFacts(cert: DatedCertificate, now: Date, shown = cert): string {
  const days = daysLeft(cert.notAfter, now);
  const when = days < 0 ? `expired ${-days} days ago` : `${days} days left`;
  const cn = commonName(shown.subject);
  const subject = shown.friendlyName.toLowerCase().includes(cn.toLowerCase())
    ? undefined
    : `subject ${shown.subject}`;
  const issuer =
    cert.selfSigned === true ||
    commonName(cert.issuer).toLowerCase() === commonName(cert.subject).toLowerCase()
      ? 'self-signed'
      : `issuer ${shown.issuer}`;
  return [
    shown.friendlyName,
    cert.usage.join(', ') || 'no usage',
    cert.store,
    subject,
    issuer,
    `expires ${utc(cert.notAfter)} (${when})${cert.expiryNote ? ` (${cert.expiryNote})` : ''}`,
  ]
    .filter((p): p is string => p !== undefined)
    .join(' · ');
}

function commonName(name: string): string {
  return (/(?:^|,)\s*CN=([^,]+)/i.exec(name)?.[1] ?? name).trim();
}

/**
 * Evidence lines for certificates with identical certificates grouped: the same friendly name, usage,
 * store, subject and issuer but for the node's own name, expiring the same day, give one line naming
 * their nodes once ("Default self-signed saml server certificate - CN=SAML_<node>.corp.example.com ·
 * SAML · system · self-signed · expires … on 58 nodes: ise-pan1, ise-pan2, ise-mnt1 … ise-pxg4").
 * A certificate with no twin keeps its own line. The order is that of the first of each group.
 */
export function certGroupLines(certs: readonly DatedCertificate[], now: Date): string[] {
  const groups = new Map<string, DatedCertificate[]>();
  for (const c of certs) {
    const key = [
      generic(c, c.friendlyName),
      c.usage.join(','),
      c.store,
      c.internalCa,
      generic(c, c.subject),
      generic(c, c.issuer),
      c.notAfter.toISOString().slice(0, 10),
      c.node === undefined,
    ].join('\u0000');
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return [...groups.values()].map((group) => {
    const [first] = group;
    if (first === undefined) return '';
    const nodes = group.flatMap((c) => (c.node ? [c.node] : []));
    if (group.length === 1 || nodes.length !== group.length) {
      return group.map((c) => certLine(c, now)).join('; ');
    }
    const shown = {
      ...first,
      friendlyName: generic(first, first.friendlyName),
      subject: generic(first, first.subject),
      issuer: generic(first, first.issuer),
    };
    return `${certFacts(first, now, shown)} on ${collapsed(nodes)}`;
  });
}

/** A name with the certificate's own node written as `<node>`, so per-node copies compare equal. */
function generic(cert: DatedCertificate, text: string): string {
  if (!cert.node) return text;
  return text.split(cert.node).join('<node>');
}

export function certTable(certs: readonly DatedCertificate[], now: Date) {
  return { columns: CERT_COLUMNS, rows: certs.map((c) => certRow(c, now)) };
}

export function byExpiry(a: DatedCertificate, b: DatedCertificate): number {
  return a.notAfter.getTime() - b.notAfter.getTime();
}

/** Certificates whose expiry was read, and those whose printed expiry the bot could not read. */
export function byReadableExpiry(certs: readonly CertificateInfo[]): {
  dated: DatedCertificate[];
  undated: UndatedCertificate[];
} {
  const dated: DatedCertificate[] = [];
  const undated: UndatedCertificate[] = [];
  for (const c of certs) {
    if (c.notAfter === undefined) undated.push(c);
    else dated.push(c);
  }
  return { dated, undated };
}

/** `ise-psn1 · Admin · system: expiry "Mon Jan 15 12:00:00 XYZT 2024" not read (why)`: evidence for an error. */
export function undatedLine(cert: UndatedCertificate): string {
  return `${cert.node ?? 'trusted store'} · ${cert.friendlyName} · ${cert.store}: expiry date "${cert.unreadable.text}" could not be read: ${cert.unreadable.reason}`;
}

/** "1 certificate's expiry date could not be read (Admin on ise-psn1)": the part of a summary about them. */
export function undatedSummary(undated: readonly UndatedCertificate[]): string {
  const which = undated
    .slice(0, 3)
    .map((c) => `${c.friendlyName}${c.node ? ` on ${c.node}` : ' in the trusted store'}`)
    .join(', ');
  const count =
    undated.length === 1 ? "1 certificate's expiry date" : `${undated.length} certificates' expiry dates`;
  return `${count} could not be read (${which}${undated.length > 3 ? ', …' : ''}); check ${undated.length === 1 ? 'it' : 'them'} by hand`;
}

export const UNDATED_REMEDIATION =
  'For each certificate named, open it in the GUI and read its Expiration Date; the text ISE sent is in the evidence. If the clock zone of a node is unusual, setting the ssh: block lets the bot read it with `show timezone`.';

/** Where each store lives in the GUI, for remediation text. */
export function storeMenu(cert: Pick<CertificateInfo, 'internalCa' | 'store'>): string {
  if (cert.internalCa) return MENU.caCerts;
  return cert.store === 'system' ? MENU.systemCerts : MENU.trustedCerts;
}

export const CERT_LOOK = `Open ${MENU.systemCerts}, ${MENU.trustedCerts} and ${MENU.caCerts}; check the Expiration Date column of each.`;
