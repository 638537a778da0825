import { EXPIRED_RUNG, isExpired } from '../src/certs/ladder.js';
import { certLabel } from '../src/certs/slot.js';
import { NOT_WARNED_TEXT, type NotWarned } from '../src/certs/watched.js';
import { storeMenu } from '../src/checks/certificates.js';
import { daysLeft } from '../src/checks/finding.js';
import type { CertificateInfo, DatedCertificate, UndatedCertificate } from '../src/ise/snapshot/types.js';
import { button, errorReply, list, reply, section, text } from '../src/reply/build.js';
import { at } from '../src/reply/inline.js';
import type { Action, Field, Reply } from '../src/reply/model.js';

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
    { label: 'Expires', value: [at(c.notAfter), ` (${when(c.notAfter, now)})`] },
    { label: 'Fingerprint', value: g.fingerprint },
  ];
}

/** "7 days left", "expired 3 days ago": whole days rounded down (daysLeft), as in the title. */
function when(notAfter: Date, now: Date): string {
  const left = daysLeft(notAfter, now);
  if (isExpired(notAfter, now)) {
    const ago = Math.floor((now.getTime() - notAfter.getTime()) / 86_400_000);
    return ago === 0 ? 'expired today' : `expired ${days(ago)} ago`;
  }
  return left === 0 ? 'less than a day left' : `${days(left)} left`;
}

const days = (n: number) => (n === 1 ? '1 day' : `${n} days`);

/** A word of a chat command: quoted when it holds anything but fingerprint characters. */
const word = (s: string) => (/^[\w:.-]+$/.test(s) ? s : `"${s.replace(/["\\]/g, '\\$&')}"`);

/** How long the warnings' mute button silences a certificate. */
const MUTE_DAYS = 30;

/** "All certificates": the full `certs` listing of the deployment, for anyone who may read it. */
export function allCertificatesAction(deployment: string): Action {
  return button('certs', 'All certificates', `certs --deployment ${word(deployment)}`);
}

/**
 * "Mute this certificate 30 days": `certs mute` by fingerprint (the key the warnings use), so the
 * button names exactly the certificate warned about. Admin only and confirmed, like the typed command.
 */
export function muteAction(deployment: string, fingerprint: string, label?: string): Action {
  return button(
    'mute',
    label === undefined ? `Mute this certificate ${MUTE_DAYS} days` : `Mute ${label} ${MUTE_DAYS} days`,
    `certs mute ${word(fingerprint)} --days ${MUTE_DAYS} --deployment ${word(deployment)}`,
    label === undefined ? { style: 'danger' } : { secondary: true },
  );
}

/**
 * A rung of the ladder (`step` days) or EXPIRED_RUNG, said once when the certificate expired;
 * `again` when it was said before a mute that has ended since.
 */
export function warningReply(
  deployment: string,
  g: CertGroup,
  step: number,
  now: Date,
  again = false,
): Reply {
  const c = first(g);
  const expired = step === EXPIRED_RUNG || isExpired(c.notAfter, now);
  // The days the certificate has left (rounded down), not the rung: "within 7 days" with 7 days 23
  // hours left would be wrong, and the title must agree with the lead.
  const left = daysLeft(c.notAfter, now);
  const title = expired
    ? `Certificate expired: ${certLabel(c)}`
    : left === 0
      ? `Certificate expires in less than a day: ${certLabel(c)}`
      : `Certificate expires in ${days(left)}: ${certLabel(c)}`;
  const advice = expired
    ? 'Services using it fail now (and an upgrade fails on an expired certificate). Renew or replace it, then remove the expired one. This is said once; the bot does not repeat it daily.'
    : 'Renew it before then: generate a CSR, have it signed, bind the new certificate to the same usage, and remove the old one once nothing uses it.';
  return reply('cert-warning', title, expired || step <= 7 ? 'fail' : 'warn', {
    lead: `${deployment}: ${c.friendlyName}, ${when(c.notAfter, now)}.${again ? ' Said again: its mute has ended.' : ''}`,
    sections: [
      section(undefined, [{ type: 'fields', fields: facts(g, now) }, text(`${advice} (${storeMenu(c)})`)]),
    ],
    actions: [allCertificatesAction(deployment), muteAction(deployment, g.fingerprint)],
    context: { deployment },
    data: {
      deployment,
      fingerprint: g.fingerprint,
      threshold: step,
      daysLeft: left,
      certificate: { node: c.node ?? null, friendlyName: c.friendlyName, notAfter: c.notAfter.toISOString() },
    },
  });
}

/**
 * A certificate warned about has a successor while it is still installed (ISE keeps it until an admin
 * deletes it): said once, in the warning's thread; its warnings stop; the admin learns where to delete it.
 */
export function renewedReply(
  deployment: string,
  old: DatedCertificate,
  renewal: DatedCertificate,
  now: Date,
): Reply {
  return reply('cert-resolved', `Certificate renewed: ${certLabel(renewal)}`, 'ok', {
    lead: `${deployment}: ${renewal.friendlyName} (same subject and usage, ${when(renewal.notAfter, now)}) replaces ${old.friendlyName} (${when(old.notAfter, now)}), so the warnings about it stop.`,
    sections: [
      section(undefined, [
        text(['The new certificate expires ', at(renewal.notAfter, 'date'), '.']),
        text(
          `The old certificate is still installed${old.node ? ` on ${old.node}` : ''}. Once nothing uses it, it can be deleted: ${storeMenu(old)}, select "${old.friendlyName}" (fingerprint ${old.fingerprint}), Delete.`,
        ),
      ]),
    ],
    context: { deployment },
    data: {
      deployment,
      oldFingerprint: old.fingerprint,
      newFingerprint: renewal.fingerprint,
      oldStillInstalled: true,
    },
  });
}

/**
 * The weekly reminder (when switched on): one post per deployment and channel with a line per
 * certificate that expired and is still installed, instead of a post per certificate per day.
 */
export function expiredReminderReply(
  deployment: string,
  expired: readonly DatedCertificate[],
  now: Date,
): Reply {
  const sorted = [...expired].sort((a, b) => a.notAfter.getTime() - b.notAfter.getTime());
  return reply(
    'cert-digest',
    `Certificate digest for ${deployment}: ${expired.length === 1 ? '1 certificate is' : `${expired.length} certificates are`} still expired`,
    'warn',
    {
      lead: 'Weekly reminder; each was warned about once when it expired. Renew or delete them: an upgrade fails on an expired certificate.',
      sections: [
        section(undefined, [
          list(
            sorted.map((c) => [
              `${certLabel(c)}: ${when(c.notAfter, now)} (`,
              at(c.notAfter, 'date'),
              `); ${storeMenu(c)}`,
            ]),
          ),
        ]),
      ],
      // One post about several certificates: a mute per certificate, behind the platform's overflow.
      actions: [
        allCertificatesAction(deployment),
        ...sorted.map((c) =>
          muteAction(deployment, c.fingerprint, `${c.friendlyName}${c.node ? ` on ${c.node}` : ''}`),
        ),
      ],
      context: { deployment },
      data: {
        deployment,
        reminder: sorted.map((c) => ({
          fingerprint: c.fingerprint,
          node: c.node ?? null,
          friendlyName: c.friendlyName,
          notAfter: c.notAfter.toISOString(),
        })),
      },
    },
  );
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
      ? `has ${when(replacement.notAfter, now)}`
      : `has an expiry date the bot could not read ("${replacement.unreadable.text}")`;
    return reply('cert-resolved', `Certificate renewed: ${certLabel(replacement)}`, 'ok', {
      lead: `${deployment}: the certificate ${old} was replaced; the new one ${expires}.`,
      ...(replacement.notAfter
        ? { sections: [section(undefined, [text(['It expires ', at(replacement.notAfter, 'date'), '.'])])] }
        : {}),
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

/** A certificate warned about was disabled or unbound since: nothing breaks when it expires, so its warnings end. */
export function quietedReply(deployment: string, c: CertificateInfo, why: NotWarned): Reply {
  return reply('cert-resolved', `Certificate no longer warned about: ${certLabel(c)}`, 'info', {
    lead: `${deployment}: ${c.friendlyName} is now ${NOT_WARNED_TEXT[why]}, so its warnings stop. \`certs\` still lists it; delete it once it is not needed (${storeMenu(c)}).`,
    context: { deployment },
    data: { deployment, oldFingerprint: c.fingerprint, notWarned: why },
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
