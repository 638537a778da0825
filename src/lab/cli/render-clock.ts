import { javaAbbreviation, offsetAt } from '../../ise/java-zone-names.js';
import { pad2 } from './format.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Java's names that the tz database dropped in 2017 for numeric ones (`+04` for Asia/Dubai, `-03` for
 * America/Sao_Paulo): the OS `date` behind `show clock` prints tzdata's abbreviation, not Java's. Asia/Manila
 * is `PST` there. Hand-entered from memory of tzdata 2017a's change; every other name in the Java table is
 * also tzdata's.
 */
const NUMERIC_IN_TZDATA = new Set(
  'GST MYT BRT BRST ART ARST TRT NPT IRST IRDT BDT BDST ICT SGT AZT AZST GET UZT UZST AFT MMT CLT CLST COT COST PET PEST VET UYT UYST AMT AMST YEKT YEKST NOVT NOVST VLAT VLAST ALMT ALMST'.split(
    ' ',
  ),
);
const ARABIA = new Set([
  'Asia/Riyadh',
  'Asia/Kuwait',
  'Asia/Baghdad',
  'Asia/Qatar',
  'Asia/Bahrain',
  'Asia/Aden',
]);

/** The abbreviation the OS prints for `zone` at `instant`: tzdata's, so numeric where Java invents one. */
export function osAbbreviation(zone: string, instant: Date): string {
  const offset = offsetAt(zone, instant.getTime()) ?? 0;
  const java = javaAbbreviation(zone, instant);
  if (zone === 'Asia/Manila') return 'PST';
  if (
    !NUMERIC_IN_TZDATA.has(java) &&
    !ARABIA.has(zone) &&
    !java.startsWith('GMT+') &&
    !java.startsWith('GMT-')
  )
    return java;
  const abs = Math.abs(offset);
  const minutes = abs % 60 === 0 ? '' : pad2(abs % 60);
  return `${offset < 0 ? '-' : '+'}${pad2(Math.floor(abs / 60))}${minutes}`;
}

/** Wall-clock fields of `instant` in `zone`. */
function local(instant: Date, zone: string) {
  const d = new Date(instant.getTime() + (offsetAt(zone, instant.getTime()) ?? 0) * 60_000);
  return {
    day: DAYS[d.getUTCDay()] ?? 'Sun',
    month: MONTHS[d.getUTCMonth()] ?? 'Jan',
    dd: pad2(d.getUTCDate()),
    time: `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`,
    year: d.getUTCFullYear(),
  };
}

/**
 * `show clock`: the node's local time in its `clock timezone`, `Tue Mar 05 10:15:07 CET 2024` (INFERRED:
 * ADE-OS prints the `date` form with the zone; ise-cli.md has no capture of it).
 */
export function showClock(now: Date, zone = 'UTC'): string[] {
  const p = local(now, zone);
  return [`${p.day} ${p.month} ${p.dd} ${p.time} ${osAbbreviation(zone, now)} ${p.year}`];
}

/** `show timezone`: the configured zone's name on one line (INFERRED from the ADE-OS CLI reference). */
export function showTimezone(zone = 'UTC'): string[] {
  return [zone];
}
