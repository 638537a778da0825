import { certLabel } from '../src/certs/slot.js';
import { storeMenu } from '../src/checks/certificates.js';
import { utc } from '../src/checks/finding.js';
import type { CertificateInfo, DatedCertificate, UndatedCertificate } from '../src/ise/snapshot/types.js';
import { errorReply, reply, section, text } from '../src/reply/build.js';
import type { Field, Reply } from '../src/reply/model.js';

/**
 * One certificate as the warnings see it: a fingerprint may sit on several nodes (a shared wildcard).
 * Warnings are about dated certificates; the renewal bookkeeping also sees those whose expiry was not read.
 */
export interface CertGroup<C extends CertificateInfo = DatedCertificate> {
  fingerprint: string;
  certs: C[];
}

const first = (g: CertGroup) => g.certs[0] as DatedCertificate;

function facts(g: CertGroup, now: Date): Field[] {
  const c = first(g);
  const nodes = [...new Set(g.certs.map((x) => x.node).filter((n): n is string => n !== undefined))];
  return [
    { label: 'Nodes', value: nodes.length > 0 ? nodes.join(', ') : `(${c.store} store)` },
    { label: 'Friendly name', value: c.friendlyName },
    { label: 'Usage', value: c.usage.join(', ') || '-' },
    { label: 'Store', value: c.store },
    { label: 'Subject', value: c.subject },
    { label: 'Issuer', value: c.issuer },
    { label: 'Expires', value: `${utc(c.notAfter)} (${when(c.notAfter, now)})` },
    { label: 'Fingerprint', value: g.fingerprint },
  ];
}

function when(notAfter: Date, now: Date): string {
  const ms = notAfter.getTime() - now.getTime();
  const days = Math.floor(Math.abs(ms) / 86_400_000);
  if (ms <= 0) return days === 0 ? 'expired today' : `expired ${days === 1 ? '1 day' : `${days} days`} ago`;
  return days === 0 ? 'less than a day left' : `${days === 1 ? '1 day' : `${days} days`} left`;
}

/** A rung of the ladder (`step` days) or, negative, a daily reminder once expired. */
export function warningReply(deployment: string, g: CertGroup, step: number, now: Date): Reply {
  const c = first(g);
  const expired = step < 0;
  const title = expired
    ? `Certificate expired: ${certLabel(c)}`
    : `Certificate expires within ${step === 1 ? '1 day' : `${step} days`}: ${certLabel(c)}`;
  const advice = expired
    ? 'Services using it fail now (and an upgrade fails on an expired certificate). Renew or replace it, then remove the expired one.'
    : 'Renew it before then: generate a CSR, have it signed, bind the new certificate to the same usage, and remove the old one once nothing uses it.';
  return reply('cert-warning', title, expired || step <= 7 ? 'fail' : 'warn', {
    lead: `${deployment}: ${c.friendlyName} ${when(c.notAfter, now)} (${utc(c.notAfter)}).`,
    sections: [
      section(undefined, [{ type: 'fields', fields: facts(g, now) }, text(`${advice} (${storeMenu(c)})`)]),
    ],
    context: { deployment },
    data: {
      deployment,
      fingerprint: g.fingerprint,
      threshold: step,
      certificate: { node: c.node ?? null, friendlyName: c.friendlyName, notAfter: c.notAfter.toISOString() },
    },
  });
}

/**
 * Once per certificate and channel: ISE's expiry text for it could not be read, so no ladder message
 * will come for it; the admin must watch it by hand (the text and the reason say what was seen).
 */
export function unreadableReply(deployment: string, c: UndatedCertificate): Reply {
  return reply('cert-unreadable', `Certificate expiry not readable: ${certLabel(c)}`, 'warn', {
    lead: `${deployment}: ISE gave "${c.unreadable.text}" as the expiry of ${c.friendlyName}, and the bot could not read it (${c.unreadable.reason}). No expiry warnings will come for this certificate until it can: check its Expiration Date by hand (${storeMenu(c)}).`,
    context: { deployment },
    data: {
      deployment,
      fingerprint: c.fingerprint,
      certificate: { node: c.node ?? null, friendlyName: c.friendlyName, text: c.unreadable.text },
    },
  });
}

/** The alert is over: a new certificate took the slot, or the old one is gone. */
export function resolvedReply(
  deployment: string,
  old: string,
  replacement: CertificateInfo | undefined,
  now: Date,
): Reply {
  if (replacement) {
    const expires = replacement.notAfter
      ? `expires ${utc(replacement.notAfter)} (${when(replacement.notAfter, now)})`
      : `has an expiry date the bot could not read ("${replacement.unreadable.text}")`;
    return reply('cert-resolved', `Certificate renewed: ${certLabel(replacement)}`, 'ok', {
      lead: `${deployment}: the certificate ${old} was replaced; the new one ${expires}.`,
      context: { deployment },
      data: { deployment, oldFingerprint: old, newFingerprint: replacement.fingerprint },
    });
  }
  return reply('cert-resolved', `Certificate no longer on ISE: ${old}`, 'info', {
    lead: `${deployment}: the certificate warned about is no longer installed, so its warnings stop.`,
    context: { deployment },
    data: { deployment, oldFingerprint: old },
  });
}

/** Said once per failure episode: until the certificates can be read, no warning can be trusted. */
export function collectionFailedReply(deployment: string, reason: string, unavailable: boolean): Reply {
  return errorReply(`Certificate warnings for ${deployment} are blind: its certificates could not be read.`, {
    kind: 'cert-collection',
    hint: unavailable
      ? `${reason} Check expiry by hand in ${storeMenuText()}.`
      : `${reason} This is not "no expiring certificates": nothing is known until the next read succeeds, which will be said here.`,
  });
}

export function collectionRecoveredReply(deployment: string, count: number): Reply {
  return reply('cert-collection', `Certificate warnings for ${deployment} work again.`, 'ok', {
    lead: `${count} certificates read; warnings resume from here.`,
    context: { deployment },
  });
}

function storeMenuText(): string {
  return 'Administration > System > Certificates';
}
