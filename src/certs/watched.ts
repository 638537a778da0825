import type { CertificateInfo, DatedCertificate } from '../ise/snapshot/types.js';
import { certSlot } from './slot.js';

/** Why a certificate is listed by `certs` but never warned about. */
export type NotWarned = 'disabled' | 'not in use';

/**
 * A disabled trusted certificate trusts nothing and an unused system certificate serves nothing, so
 * their expiry breaks nothing: they are listed, not warned about. Only what ISE said counts: a trusted
 * certificate without a readable `status` and a system certificate without a `usedBy` are unknown,
 * and unknown is not "disabled" or "unused", so those are still warned about.
 */
export function notWarned(cert: Pick<CertificateInfo, 'store' | 'enabled' | 'inUse'>): NotWarned | undefined {
  if (cert.store === 'trusted' && cert.enabled === false) return 'disabled';
  if (cert.store === 'system' && cert.inUse === false) return 'not in use';
  return undefined;
}

export const NOT_WARNED_TEXT: Record<NotWarned, string> = {
  disabled: 'disabled in the trusted store',
  'not in use': 'not in use by any service',
};

/**
 * The certificate that renews `old` while `old` is still installed (ISE keeps it until an admin deletes
 * it): another certificate with the same subject, a later expiry, and the same place — the same usage
 * on the same node for a system certificate, the same trusted-store subject for a trusted one. `slot`
 * is where `old` sat when it was warned about: binding the new certificate to a usage takes it off the
 * old one, whose own slot then no longer says what it was used for. Of several, the latest expiry.
 */
export function renewalOf(
  old: CertificateInfo,
  installed: readonly CertificateInfo[],
  slot: string = certSlot(old),
): DatedCertificate | undefined {
  if (old.notAfter === undefined) return undefined;
  const places = new Set([slot, certSlot(old)]);
  let best: DatedCertificate | undefined;
  for (const c of installed) {
    if (c.notAfter === undefined || c.fingerprint === old.fingerprint) continue;
    if (c.store !== old.store || c.subject !== old.subject || c.node !== old.node) continue;
    if (c.notAfter.getTime() <= old.notAfter.getTime()) continue;
    // A system certificate without a usage has no place another could take (and unknown is no usage).
    if (c.store === 'system' && c.usage.length === 0) continue;
    // A disabled CA or an unused certificate renews nothing.
    if (notWarned(c) !== undefined) continue;
    if (!places.has(certSlot(c))) continue;
    if (!best || c.notAfter.getTime() > best.notAfter.getTime()) best = c;
  }
  return best;
}
