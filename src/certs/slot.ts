import type { CertificateInfo } from '../ise/snapshot/types.js';

/**
 * Where a certificate sits: the same slot with a new fingerprint is a renewal. A system certificate
 * is its node and what it is used for; a trusted or unassigned one has no usage that tells it apart
 * from its neighbours, so its node and subject do (a renewed CA keeps its subject).
 */
export function certSlot(cert: Pick<CertificateInfo, 'store' | 'node' | 'usage' | 'subject'>): string {
  const usage = [...cert.usage].sort().join(',');
  if (cert.store === 'system' && usage !== '') return `system|${cert.node ?? ''}|${usage}`;
  return `${cert.store}|${cert.node ?? ''}|subject=${cert.subject}`;
}

/** `ise-psn1 · Admin, Portal (system)` or `trusted store · CN=Root CA`: the certificate in a few words. */
export function certLabel(cert: Pick<CertificateInfo, 'store' | 'node' | 'usage' | 'friendlyName'>): string {
  const where = cert.node ?? `${cert.store} store`;
  const what = cert.usage.length > 0 ? cert.usage.join(', ') : 'no usage';
  return `${where} · ${cert.friendlyName} · ${what} (${cert.store})`;
}
