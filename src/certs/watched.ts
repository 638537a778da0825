import type { CertificateInfo, DatedCertificate } from '../ise/snapshot/types.js';
import { certSlot } from './slot.js';

/** Why a certificate is listed by `certs` but never warned about. */
export type NotWarned = 'disabled' | 'not in use' | 'renewed';

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
  renewed: 'renewed by a newer installed certificate; it can be deleted',
};

/**
 * Whether the warnings leave a certificate out, and why: its own state (notWarned) or a renewal among
 * the `installed` certificates. The job and the `certs` listing both ask this, so they agree.
 */
export function quietReasons(
  installed: readonly CertificateInfo[],
): (cert: CertificateInfo) => NotWarned | undefined {
  const renewal = renewals(installed);
  const known = new Map<CertificateInfo, NotWarned | undefined>();
  return (cert) => {
    if (known.has(cert)) return known.get(cert);
    const why = notWarned(cert) ?? (renewal(cert) ? 'renewed' : undefined);
    known.set(cert, why);
    return why;
  };
}

/**
 * The certificate that renews `old` while `old` is still installed (ISE keeps it until an admin deletes
 * it): another certificate with the same subject, a later expiry, and the same place — the same usage
 * on the same node (and portal group tag) for a system certificate, the same trusted-store subject for
 * a trusted one. `slot` is where `old` sat when it was warned about: binding the new certificate to a
 * usage takes it off the old one, whose own slot then no longer says what it was used for. Of several,
 * the latest expiry.
 * Indexed once by place, so a scan of thousands of certificates stays linear.
 */
export function renewals(
  installed: readonly CertificateInfo[],
): (old: CertificateInfo, slot?: string) => DatedCertificate | undefined {
  // Portal certificates of one node may share a subject and differ in their group tag (one per portal
  // group): a place includes the tag, so one is never taken for the renewal of another.
  const place = (c: CertificateInfo, slot: string, tag = c.groupTag ?? '') =>
    `${c.store}|${c.node ?? ''}|${c.subject}|${slot}|${tag}`;
  // The latest expiry in each place: the only candidate that can renew anything there.
  const latest = new Map<string, DatedCertificate>();
  const formerPlaces = new Map<string, string[]>();
  for (const c of installed) {
    if (c.notAfter === undefined) continue;
    // A system certificate without a usage has no place another could take (and unknown is no usage);
    // a disabled CA or an unused certificate renews nothing.
    if (c.store === 'system' && c.usage.length === 0) continue;
    if (notWarned(c) !== undefined) continue;
    const at = place(c, certSlot(c));
    const best = latest.get(at);
    if (!best || c.notAfter.getTime() > best.notAfter.getTime()) latest.set(at, c);
    const untagged = place(c, certSlot(c), '');
    formerPlaces.set(untagged, [...new Set([...(formerPlaces.get(untagged) ?? []), at])]);
  }
  return (old, slot) => {
    if (old.notAfter === undefined) return undefined;
    const own = certSlot(old);
    let best: DatedCertificate | undefined;
    const places = [place(old, own)];
    // Where it sat when warned about, if it has lost that usage since: it was unbound there (by the
    // new one), so its tag today says nothing; look for the successor under any tag of that slot.
    if (slot !== undefined && slot !== own) places.push(...(formerPlaces.get(place(old, slot, '')) ?? []));
    for (const at of places) {
      const c = latest.get(at);
      if (!c || c.notAfter.getTime() <= old.notAfter.getTime()) continue;
      if (!best || c.notAfter.getTime() > best.notAfter.getTime()) best = c;
    }
    return best;
  };
}
