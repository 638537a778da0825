import {
  byExpiry,
  byReadableExpiry,
  certLine,
  certTable,
  undatedLine,
  undatedSummary,
} from '../checks/certificates.js';
import { daysLeft, plural } from '../checks/finding.js';
import type {
  CertificateInfo,
  DatedCertificate,
  Sourced,
  UndatedCertificate,
} from '../ise/snapshot/types.js';
import { errorReply, list, reply, section, table } from '../reply/build.js';
import type { Reply, ReplyStatus } from '../reply/model.js';
import type { CertMute } from '../store/cert-mutes.js';
import { certStatus } from './ladder.js';
import { type MuteJson, mutedLine, muteJson } from './muted.js';
import { certLabel } from './slot.js';
import { NOT_WARNED_TEXT, type NotWarned, quietReasons } from './watched.js';

/** `certs [DAYS]` without DAYS. */
export const DEFAULT_CERT_DAYS = 90;

/** One certificate in the `certs` JSON (CONTRACTS.md). */
export interface CertificateJson {
  node: string | null;
  friendlyName: string;
  usage: string[];
  store: CertificateInfo['store'];
  subject: string;
  issuer: string;
  notAfter: string;
  daysLeft: number;
  status: ReturnType<typeof certStatus>;
  fingerprint: string;
  /** False for a disabled trusted certificate or an unused system one: listed, never warned about. */
  warned: boolean;
  /** Why it is not warned about, when it is not. */
  notWarned?: NotWarned;
  /** An admin silenced its warnings for a while (`certs mute`): who, until when. */
  muted?: MuteJson;
}

/** `quiet`: why the warnings leave it out (quietReasons over everything read), if they do. */
export function certificateJson(
  cert: DatedCertificate,
  now: Date,
  quiet?: NotWarned,
  mute?: CertMute,
): CertificateJson {
  return {
    node: cert.node ?? null,
    friendlyName: cert.friendlyName,
    usage: cert.usage,
    store: cert.store,
    subject: cert.subject,
    issuer: cert.issuer,
    notAfter: cert.notAfter.toISOString(),
    daysLeft: daysLeft(cert.notAfter, now),
    status: certStatus(cert.notAfter, now),
    fingerprint: cert.fingerprint,
    warned: quiet === undefined,
    ...(quiet === undefined ? {} : { notWarned: quiet }),
    ...(mute === undefined ? {} : { muted: muteJson(mute) }),
  };
}

/** A certificate whose printed expiry the bot could not read, in the `certs` JSON beside `certificates`. */
export interface UnreadableCertificateJson {
  node: string | null;
  friendlyName: string;
  store: CertificateInfo['store'];
  subject: string;
  issuer: string;
  /** ISE's text, at most 200 characters. */
  text: string;
  reason: string;
  fingerprint: string;
}

function unreadableJson(cert: UndatedCertificate): UnreadableCertificateJson {
  return {
    node: cert.node ?? null,
    friendlyName: cert.friendlyName,
    store: cert.store,
    subject: cert.subject,
    issuer: cert.issuer,
    text: cert.unreadable.text,
    reason: cert.unreadable.reason,
    fingerprint: cert.fingerprint,
  };
}

/**
 * Certificates of every node and store expiring within `days` (expired ones included), soonest first.
 * A read that failed is an error reply, never an empty list: "none expiring" must mean it. `mutes`
 * (active ones) are shown, never hidden behind: a muted certificate is listed and counted as before.
 */
export function certificatesReply(
  deployment: string,
  certs: Sourced<CertificateInfo[]>,
  days: number,
  now: Date,
  mutes: readonly CertMute[] = [],
): Reply {
  if (certs.state === 'error') {
    return errorReply(`The certificates of ${deployment} could not be read: ${certs.error}`, {
      kind: 'certs',
      hint: 'Nothing can be said about expiry until they can. Check the REST account and that the PAN answers.',
    });
  }
  if (certs.state === 'unavailable') {
    return reply('certs', `The certificates of ${deployment} cannot be read on this release.`, 'info', {
      lead: certs.reason,
      context: { deployment },
      data: { deployment, days, certificates: [] },
    });
  }
  // A certificate whose expiry could not be read is listed apart with ISE's text, never as expiring or not.
  const { dated, undated } = byReadableExpiry(certs.value);
  const within = dated.filter((c) => daysLeft(c.notAfter, now) < days).sort(byExpiry);
  // Disabled trusted and unused system certificates are listed apart and set no alarm: nothing breaks
  // when they expire, and the scheduled warnings leave them out too.
  const why = quietReasons(certs.value);
  const warned = within.filter((c) => why(c) === undefined);
  const quiet = within.filter((c) => why(c) !== undefined);
  const expired = warned.filter((c) => certStatus(c.notAfter, now) === 'expired').length;
  const critical = warned.filter((c) => certStatus(c.notAfter, now) === 'critical').length;
  const soon = warned.filter((c) => certStatus(c.notAfter, now) === 'warning').length + critical;
  // Listed is not alarming by itself (`certs 3650` lists everything): expired fails, under 30 days warns.
  const status: ReplyStatus =
    expired > 0 ? 'fail' : soon > 0 || undated.length > 0 ? 'warn' : within.length > 0 ? 'info' : 'ok';
  const title =
    within.length === 0
      ? `No certificate in ${deployment} expires within ${days} days`
      : `${plural(within.length, 'certificate')} in ${deployment} ${within.length === 1 ? 'expires' : 'expire'} within ${days} days`;
  const first = warned[0];
  const parts = [
    expired > 0 && `${expired} already expired`,
    critical > 0 && `${critical} within a week`,
    first &&
      `first: ${first.friendlyName}${first.node ? ` on ${first.node}` : ''}, ${leftText(first.notAfter, now)}`,
    quiet.length > 0 && `${quiet.length} not warned about (disabled, not in use or renewed)`,
    mutes.length > 0 && `${plural(mutes.length, 'certificate')} muted`,
    undated.length > 0 && undatedSummary(undated),
  ].filter((p): p is string => typeof p === 'string');
  const grid = certTable(warned, now);
  const muted = new Map(mutes.map((m) => [m.fingerprint, m]));
  return reply('certs', title, status, {
    lead:
      parts.length > 0
        ? `${parts.join('; ')}.`
        : `${plural(dated.length, 'certificate')} read across all nodes and stores.`,
    sections: [
      ...(warned.length > 0 ? [section(undefined, [table(grid.columns, grid.rows)])] : []),
      ...(quiet.length > 0
        ? [
            section('Listed, not warned about', [
              list(quiet.map((c) => `${certLine(c, now)}: ${NOT_WARNED_TEXT[why(c) as NotWarned]}`)),
            ]),
          ]
        : []),
      ...(undated.length > 0 ? [section('Expiry date not readable', [list(undated.map(undatedLine))])] : []),
      ...mutedSection(certs.value, mutes),
    ],
    context: { deployment },
    data: {
      deployment,
      days,
      source: certs.source,
      certificates: within.map((c) => certificateJson(c, now, why(c), muted.get(c.fingerprint))),
      ...(undated.length > 0 ? { unreadable: undated.map(unreadableJson) } : {}),
      ...(mutes.length > 0 ? { mutes: mutes.map(muteJson) } : {}),
    },
  });
}

/** Days left as the lead says it: a time of day would need a zone, and the table has the date. */
function leftText(notAfter: Date, now: Date): string {
  const left = daysLeft(notAfter, now);
  if (left < 0) return `expired ${plural(-left, 'day')} ago`;
  return left === 0 ? 'less than a day left' : `${plural(left, 'day')} left`;
}

/** Each active mute: the certificate as installed now (or as it was named when muted), who, until when. */
function mutedSection(installed: readonly CertificateInfo[], mutes: readonly CertMute[]) {
  if (mutes.length === 0) return [];
  const byPrint = new Map(installed.map((c) => [c.fingerprint, c]));
  const items = mutes.map((m) => {
    const cert = byPrint.get(m.fingerprint);
    return mutedLine(m, cert ? certLabel(cert) : `${m.label} (no longer installed)`);
  });
  return [
    section('Muted: no scheduled warnings until the mute ends', [{ type: 'list' as const, items }], {
      id: 'mutes',
    }),
  ];
}
