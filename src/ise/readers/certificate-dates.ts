import { type IseDateFailure, parseIseDateResult, ZONE_ABBREVIATIONS } from '../dates.js';
import { offsetsNamed } from '../java-zone-names.js';
import type { CertificateFacts, CertificateInfo, NodeCli, Sourced } from '../snapshot/types.js';

const EXCERPT = 200;

const WHY: Record<IseDateFailure, string> = {
  empty: 'ISE sent no expiration date',
  'unrecognised-format': 'it is not a date layout the bot knows',
  'unknown-zone': 'the bot does not know its time zone abbreviation',
  'ambiguous-zone':
    'its time zone abbreviation names several zones and the clock zone of the node does not settle it',
  'invalid-date': 'it names a day that does not exist',
  'weekday-mismatch': 'its weekday does not match the date',
};

/**
 * A certificate with its dates read from ISE's text, in the clock zones the printing node may run in (the
 * node's own, then the PAN's: which JVM formats a node's certificate list is not documented, INFERENCE).
 * An expiry the text does not give exactly leaves this one certificate `unreadable`, with the text; a
 * start date that cannot be read is dropped, since no check judges it.
 */
export function withDates(
  cert: CertificateFacts | CertificateInfo,
  printed: { validFrom?: string | undefined; expirationDate?: string | undefined },
  zones: readonly string[] = [],
): CertificateInfo {
  const { notBefore: _notBefore, printedDates: _printed, expiryNote: _note, ...rest } = cert;
  const { notAfter: _notAfter, unreadable: _unreadable, ...facts } = rest as CertificateInfo;
  const options = zones.length > 0 ? { zones } : {};
  const printedDates = {
    ...(printed.validFrom === undefined ? {} : { validFrom: printed.validFrom }),
    ...(printed.expirationDate === undefined ? {} : { expirationDate: printed.expirationDate }),
  };
  const from = printed.validFrom === undefined ? undefined : parseIseDateResult(printed.validFrom, options);
  const base = { ...facts, printedDates, ...(from?.ok ? { notBefore: from.date } : {}) };
  const text = printed.expirationDate ?? '';
  const until = parseIseDateResult(text, options);
  if (until.ok) {
    const note = zones.length === 0 ? guessedZoneNote(until.zone, until.date) : undefined;
    return { ...base, notAfter: until.date, ...(note === undefined ? {} : { expiryNote: note }) };
  }
  const zoneNote =
    until.reason !== 'ambiguous-zone'
      ? ''
      : zones.length > 0
        ? ` (${zones.join(', ')})`
        : ": the node's clock zone is unknown (the bot reads it over SSH with `show timezone`)";
  return {
    ...base,
    unreadable: {
      field: 'expirationDate',
      text: text.slice(0, EXCERPT),
      reason: `${WHY[until.reason]}${zoneNote}`,
    },
  };
}

/**
 * Without the node's zone, an abbreviation several zones print (IST, CST) was read with the usual meaning
 * of `ZONE_ABBREVIATIONS`: say so, since that reading may be hours off.
 */
function guessedZoneNote(zone: string, date: Date): string | undefined {
  const name = zone.toUpperCase();
  const offset = ZONE_ABBREVIATIONS[name];
  if (offset === undefined || offsetsNamed(name, date.getTime()).size < 2) return undefined;
  const sign = offset < 0 ? '-' : '+';
  const hhmm = `${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}:${String(Math.abs(offset) % 60).padStart(2, '0')}`;
  return `${name} read as UTC${sign}${hhmm}: the node's clock zone is unknown (it is read over SSH with \`show timezone\`)`;
}

/** The clock zone each node's CLI reported: `show timezone`, else `clock timezone` in its running-config. */
export function nodeZones(cli: Readonly<Record<string, NodeCli>>): Record<string, string> {
  const zones: Record<string, string> = {};
  for (const [hostname, node] of Object.entries(cli)) {
    const shown = node.timezone?.state === 'ok' ? node.timezone.value : undefined;
    const config = node.runningConfig?.state === 'ok' ? node.runningConfig.value : undefined;
    if (shown?.known && shown.timezone) zones[hostname] = shown.timezone;
    else if (config?.timezone && config.recognised) zones[hostname] = config.timezone;
  }
  return zones;
}

/**
 * Reads every certificate's printed dates again with the zones learned over SSH: IST on a node whose
 * clock runs in Europe/Dublin is Irish summer time, not India. Without any zone nothing changes.
 */
export function rereadWithZones(
  part: Sourced<CertificateInfo[]>,
  zones: Readonly<Record<string, string>>,
  pan: string,
): Sourced<CertificateInfo[]> {
  if (part.state !== 'ok' || Object.keys(zones).length === 0) return part;
  const panZone = zones[pan];
  return {
    ...part,
    value: part.value.map((cert) => {
      if (cert.printedDates === undefined) return cert;
      const own = cert.node === undefined ? undefined : zones[cert.node];
      const candidates = [...new Set([own, panZone].filter((z): z is string => z !== undefined))];
      return candidates.length === 0 ? cert : withDates(cert, cert.printedDates, candidates);
    }),
  };
}
