import { UserError } from '../errors.js';
import type { CertificateInfo } from '../ise/snapshot/types.js';
import { certLabel } from './slot.js';

/** Hex digits of a fingerprint, whatever ISE's punctuation: `AA:11:bb` and `aa11BB` are the same. */
const digits = (s: string) => s.toLowerCase().replace(/[\s:-]/g, '');

/** Shortest fingerprint prefix accepted when typed: fewer digits match too much by chance. */
export const MIN_PREFIX = 4;

/** A certificate as a person tells it apart in a list: its label and the start of its fingerprint. */
export function candidateLine(c: CertificateInfo): string {
  return `${certLabel(c)}, fingerprint ${shortFingerprint(c.fingerprint)}`;
}

export function shortFingerprint(fingerprint: string): string {
  const d = digits(fingerprint);
  return d.length > 12 ? `${d.slice(0, 12)}…` : fingerprint;
}

/**
 * The certificate `query` names among those installed: its fingerprint (the key the warnings and their
 * buttons use), a fingerprint prefix of at least MIN_PREFIX digits, a friendly name or a subject
 * (`CN=…` or just the CN), case-insensitive. One fingerprint on several nodes (a shared wildcard) is
 * one certificate. None or several is a UserError that lists what it could mean.
 */
export function identifyCertificate(installed: readonly CertificateInfo[], query: string): CertificateInfo {
  const wanted = query.trim().toLowerCase();
  const key = digits(query);
  const byPrint = new Map<string, CertificateInfo>();
  for (const c of installed) if (!byPrint.has(c.fingerprint)) byPrint.set(c.fingerprint, c);
  const unique = [...byPrint.values()];
  const exact = unique.find((c) => c.fingerprint.toLowerCase() === wanted || digits(c.fingerprint) === key);
  if (exact) return exact;
  const cn = (subject: string) => /(?:^|,)\s*CN=([^,]+)/i.exec(subject)?.[1]?.trim().toLowerCase();
  const matches = unique.filter(
    (c) =>
      c.friendlyName.toLowerCase() === wanted ||
      c.subject.toLowerCase() === wanted ||
      cn(c.subject) === wanted ||
      (key.length >= MIN_PREFIX && /^[0-9a-f]+$/.test(key) && digits(c.fingerprint).startsWith(key)),
  );
  const [only, ...more] = matches;
  if (only && more.length === 0) return only;
  if (only) {
    throw new UserError(
      'cert-ambiguous',
      `"${query}" names ${matches.length} certificates: ${matches.map(candidateLine).join('; ')}.`,
      { hint: 'Name one by its fingerprint (the first digits are enough when they differ).' },
    );
  }
  throw new UserError('cert-unknown', `No installed certificate is named "${query}".`, {
    hint: `Give its friendly name or subject as \`certs 3650\` lists it, or its fingerprint (at least ${MIN_PREFIX} digits) as its warning shows it.`,
  });
}
