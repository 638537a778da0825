import { javaAbbreviation, offsetAt } from '../../ise/java-zone-names.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/**
 * Java's `Date.toString()`, `EEE MMM dd HH:mm:ss zzz yyyy`, in the appliance's IANA zone with the short
 * name Java prints for that date (CET in January, CEST in July): the form third-party tools report for
 * certificate dates and Cisco's backup example uses (ise-rest-api.md §2a, where the certificate date
 * format is marked as not stated by Cisco).
 */
export function javaDate(date: Date, timeZone: string, zoneName?: string): string {
  const d = new Date(date.getTime() + (offsetAt(timeZone, date.getTime()) ?? 0) * 60_000);
  return (
    `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ` +
    `${zoneName ?? javaAbbreviation(timeZone, date)} ${d.getUTCFullYear()}`
  );
}
