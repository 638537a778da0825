/**
 * The short zone names Java prints in `Date.toString()` (`EEE MMM dd HH:mm:ss zzz yyyy`), per IANA zone, as
 * [standard, daylight]. ISE's certificate and backup dates are printed that way in the appliance zone
 * (ise-rest-api.md §2a), so reading `IST` or `CST` needs the zone the appliance runs in.
 *
 * HAND-ENTERED: the names come from the JDK's `sun.util.resources.TimeZoneNames` (the COMPAT provider
 * that Java 8 uses for `Date.toString()`), entered from memory of that file for the zones an ISE admin
 * is likely to choose; Node's Intl cannot produce them (en-US prints `GMT+1` for Europe/Berlin, and other
 * locales print their own names, not Java's). Only the names are hand-entered: every offset is computed
 * by Intl from the tz database for the zone and the date (`offsetAt`), so DST rules and past offset
 * changes come from tzdata, not from this file. A zone missing here makes Java print `GMT+05:30`-style
 * names for it only if the JDK lacks it too; the parser reads those numerically anyway. Where any English
 * locale of Intl prints letters for a zone (about half of them), the names here agree with it, except
 * MET/MEST (a test holds that); the rest (BRT, MYT, TRT, GST…) Intl has no letters for.
 */
const NAMES: Readonly<Record<string, readonly [string, string]>> = {
  UTC: ['UTC', 'UTC'],
  'Etc/UTC': ['UTC', 'UTC'],
  GMT: ['GMT', 'GMT'],
  'Etc/GMT': ['GMT', 'GMT'],
  // Europe
  'Europe/London': ['GMT', 'BST'],
  'Europe/Dublin': ['GMT', 'IST'],
  'Europe/Lisbon': ['WET', 'WEST'],
  'Atlantic/Canary': ['WET', 'WEST'],
  'Atlantic/Reykjavik': ['GMT', 'GMT'],
  'Europe/Berlin': ['CET', 'CEST'],
  'Europe/Paris': ['CET', 'CEST'],
  'Europe/Madrid': ['CET', 'CEST'],
  'Europe/Rome': ['CET', 'CEST'],
  'Europe/Amsterdam': ['CET', 'CEST'],
  'Europe/Brussels': ['CET', 'CEST'],
  'Europe/Luxembourg': ['CET', 'CEST'],
  'Europe/Vienna': ['CET', 'CEST'],
  'Europe/Zurich': ['CET', 'CEST'],
  'Europe/Stockholm': ['CET', 'CEST'],
  'Europe/Oslo': ['CET', 'CEST'],
  'Europe/Copenhagen': ['CET', 'CEST'],
  'Europe/Prague': ['CET', 'CEST'],
  'Europe/Warsaw': ['CET', 'CEST'],
  'Europe/Budapest': ['CET', 'CEST'],
  'Europe/Belgrade': ['CET', 'CEST'],
  'Europe/Zagreb': ['CET', 'CEST'],
  'Europe/Ljubljana': ['CET', 'CEST'],
  'Europe/Bratislava': ['CET', 'CEST'],
  'Europe/Malta': ['CET', 'CEST'],
  'Africa/Algiers': ['CET', 'CET'],
  'Africa/Tunis': ['CET', 'CEST'],
  CET: ['CET', 'CEST'],
  MET: ['MET', 'MEST'],
  'Europe/Athens': ['EET', 'EEST'],
  'Europe/Helsinki': ['EET', 'EEST'],
  'Europe/Kiev': ['EET', 'EEST'],
  'Europe/Kyiv': ['EET', 'EEST'],
  'Europe/Bucharest': ['EET', 'EEST'],
  'Europe/Sofia': ['EET', 'EEST'],
  'Europe/Riga': ['EET', 'EEST'],
  'Europe/Tallinn': ['EET', 'EEST'],
  'Europe/Vilnius': ['EET', 'EEST'],
  'Asia/Nicosia': ['EET', 'EEST'],
  'Asia/Beirut': ['EET', 'EEST'],
  'Africa/Cairo': ['EET', 'EEST'],
  EET: ['EET', 'EEST'],
  'Europe/Istanbul': ['TRT', 'TRT'],
  'Europe/Moscow': ['MSK', 'MSD'],
  'Europe/Minsk': ['MSK', 'MSK'],
  // Africa
  'Africa/Johannesburg': ['SAST', 'SAST'],
  'Africa/Nairobi': ['EAT', 'EAT'],
  'Africa/Addis_Ababa': ['EAT', 'EAT'],
  'Africa/Dar_es_Salaam': ['EAT', 'EAT'],
  'Africa/Kampala': ['EAT', 'EAT'],
  'Africa/Harare': ['CAT', 'CAT'],
  'Africa/Maputo': ['CAT', 'CAT'],
  'Africa/Lusaka': ['CAT', 'CAT'],
  'Africa/Lagos': ['WAT', 'WAT'],
  'Africa/Kinshasa': ['WAT', 'WAT'],
  'Africa/Luanda': ['WAT', 'WAT'],
  'Africa/Accra': ['GMT', 'GMT'],
  'Africa/Abidjan': ['GMT', 'GMT'],
  'Africa/Casablanca': ['WET', 'WEST'],
  // Middle East and Asia
  'Asia/Jerusalem': ['IST', 'IDT'],
  'Asia/Tel_Aviv': ['IST', 'IDT'],
  'Asia/Riyadh': ['AST', 'ADT'],
  'Asia/Kuwait': ['AST', 'ADT'],
  'Asia/Baghdad': ['AST', 'ADT'],
  'Asia/Qatar': ['AST', 'ADT'],
  'Asia/Bahrain': ['AST', 'ADT'],
  'Asia/Aden': ['AST', 'ADT'],
  'Asia/Amman': ['EET', 'EEST'],
  'Asia/Dubai': ['GST', 'GST'],
  'Asia/Muscat': ['GST', 'GST'],
  'Asia/Tehran': ['IRST', 'IRDT'],
  'Asia/Baku': ['AZT', 'AZST'],
  'Asia/Tbilisi': ['GET', 'GET'],
  'Asia/Yerevan': ['AMT', 'AMST'],
  'Asia/Kabul': ['AFT', 'AFT'],
  'Asia/Karachi': ['PKT', 'PKST'],
  'Asia/Tashkent': ['UZT', 'UZST'],
  'Asia/Yekaterinburg': ['YEKT', 'YEKST'],
  'Asia/Kolkata': ['IST', 'IST'],
  'Asia/Calcutta': ['IST', 'IST'],
  'Asia/Colombo': ['IST', 'IST'],
  'Asia/Kathmandu': ['NPT', 'NPT'],
  'Asia/Katmandu': ['NPT', 'NPT'],
  'Asia/Dhaka': ['BDT', 'BDST'],
  'Asia/Almaty': ['ALMT', 'ALMST'],
  'Asia/Yangon': ['MMT', 'MMT'],
  'Asia/Rangoon': ['MMT', 'MMT'],
  'Asia/Bangkok': ['ICT', 'ICT'],
  'Asia/Ho_Chi_Minh': ['ICT', 'ICT'],
  'Asia/Saigon': ['ICT', 'ICT'],
  'Asia/Phnom_Penh': ['ICT', 'ICT'],
  'Asia/Vientiane': ['ICT', 'ICT'],
  'Asia/Jakarta': ['WIB', 'WIB'],
  'Asia/Novosibirsk': ['NOVT', 'NOVST'],
  'Asia/Kuala_Lumpur': ['MYT', 'MYT'],
  'Asia/Singapore': ['SGT', 'SGT'],
  'Asia/Manila': ['PHT', 'PHT'],
  'Asia/Shanghai': ['CST', 'CDT'],
  'Asia/Chongqing': ['CST', 'CDT'],
  'Asia/Harbin': ['CST', 'CDT'],
  PRC: ['CST', 'CDT'],
  'Asia/Taipei': ['CST', 'CDT'],
  'Asia/Macau': ['CST', 'CDT'],
  'Asia/Hong_Kong': ['HKT', 'HKST'],
  'Australia/Perth': ['AWST', 'AWDT'],
  'Asia/Tokyo': ['JST', 'JDT'],
  'Asia/Seoul': ['KST', 'KDT'],
  'Asia/Vladivostok': ['VLAT', 'VLAST'],
  // Oceania
  'Australia/Darwin': ['ACST', 'ACDT'],
  'Australia/Adelaide': ['ACST', 'ACDT'],
  'Australia/Brisbane': ['AEST', 'AEDT'],
  'Australia/Sydney': ['AEST', 'AEDT'],
  'Australia/Melbourne': ['AEST', 'AEDT'],
  'Australia/Canberra': ['AEST', 'AEDT'],
  'Australia/Hobart': ['AEST', 'AEDT'],
  'Pacific/Auckland': ['NZST', 'NZDT'],
  'Pacific/Honolulu': ['HST', 'HDT'],
  // Americas
  'America/Anchorage': ['AKST', 'AKDT'],
  'America/Los_Angeles': ['PST', 'PDT'],
  'America/Vancouver': ['PST', 'PDT'],
  'America/Tijuana': ['PST', 'PDT'],
  PST8PDT: ['PST', 'PDT'],
  'America/Denver': ['MST', 'MDT'],
  'America/Boise': ['MST', 'MDT'],
  'America/Edmonton': ['MST', 'MDT'],
  'America/Phoenix': ['MST', 'MDT'],
  MST7MDT: ['MST', 'MDT'],
  MST: ['MST', 'MDT'],
  'America/Chicago': ['CST', 'CDT'],
  'America/Winnipeg': ['CST', 'CDT'],
  'America/Mexico_City': ['CST', 'CDT'],
  'America/Regina': ['CST', 'CDT'],
  'America/Costa_Rica': ['CST', 'CDT'],
  'America/Guatemala': ['CST', 'CDT'],
  CST6CDT: ['CST', 'CDT'],
  'America/New_York': ['EST', 'EDT'],
  'America/Toronto': ['EST', 'EDT'],
  'America/Detroit': ['EST', 'EDT'],
  'America/Indianapolis': ['EST', 'EDT'],
  'America/Indiana/Indianapolis': ['EST', 'EDT'],
  'America/Montreal': ['EST', 'EDT'],
  'America/Panama': ['EST', 'EDT'],
  EST5EDT: ['EST', 'EDT'],
  EST: ['EST', 'EDT'],
  'America/Halifax': ['AST', 'ADT'],
  'America/Puerto_Rico': ['AST', 'ADT'],
  'America/Santo_Domingo': ['AST', 'ADT'],
  'Atlantic/Bermuda': ['AST', 'ADT'],
  'America/St_Johns': ['NST', 'NDT'],
  'America/Sao_Paulo': ['BRT', 'BRST'],
  'America/Argentina/Buenos_Aires': ['ART', 'ARST'],
  'America/Buenos_Aires': ['ART', 'ARST'],
  'America/Santiago': ['CLT', 'CLST'],
  'America/Bogota': ['COT', 'COST'],
  'America/Lima': ['PET', 'PEST'],
  'America/Caracas': ['VET', 'VET'],
  'America/Montevideo': ['UYT', 'UYST'],
  HST: ['HST', 'HDT'],
};

const canonical = new Map<string, string | undefined>();

/** The IANA name Intl resolves a zone to (`US/Pacific` → `America/Los_Angeles`), or undefined if unknown. */
export function canonicalZone(zone: string): string | undefined {
  if (!canonical.has(zone)) {
    let name: string | undefined;
    try {
      name = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
    } catch {
      name = undefined;
    }
    canonical.set(zone, name);
  }
  return canonical.get(zone);
}

export function isKnownZone(zone: string): boolean {
  return canonicalZone(zone) !== undefined;
}

/** Java's [standard, daylight] short names for a zone, under its own name or the one Intl resolves it to. */
export function javaZoneNames(zone: string): readonly [string, string] | undefined {
  const own = NAMES[zone];
  if (own) return own;
  const resolved = canonicalZone(zone);
  return resolved === undefined ? undefined : NAMES[resolved];
}

/** Every zone of the table, for reading an abbreviation when no node zone is known. */
export const JAVA_NAMED_ZONES: readonly string[] = Object.keys(NAMES);

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** Minutes east of UTC in `zone` at `instantMs`, from Intl's tz data; undefined for a zone Intl lacks. */
export function offsetAt(zone: string, instantMs: number): number | undefined {
  let format = offsetFormats.get(zone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    } catch {
      return undefined;
    }
    offsetFormats.set(zone, format);
  }
  const name = format.formatToParts(new Date(instantMs)).find((p) => p.type === 'timeZoneName')?.value;
  const m = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name ?? '');
  if (m === null) return undefined;
  const [, sign, h, mi] = m;
  if (sign === undefined) return 0;
  const minutes = Number(h) * 60 + Number(mi);
  return sign === '-' ? -minutes : minutes;
}

const yearCache = new Map<string, { standard: number; daylight: number } | undefined>();

/** The zone's standard and daylight offsets in a year: the lower and higher of January's and July's. */
function yearOffsets(zone: string, year: number): { standard: number; daylight: number } | undefined {
  const key = `${zone}|${year}`;
  if (!yearCache.has(key)) {
    const jan = offsetAt(zone, Date.UTC(year, 0, 1));
    const jul = offsetAt(zone, Date.UTC(year, 6, 1));
    yearCache.set(
      key,
      jan === undefined || jul === undefined
        ? undefined
        : { standard: Math.min(jan, jul), daylight: Math.max(jan, jul) },
    );
  }
  return yearCache.get(key);
}

/**
 * The short name Java prints for `zone` at `instant`: the daylight name when the zone is ahead of its
 * standard offset then (CEST in July, CET in January), `GMT+05:30` for a zone the table lacks (what the
 * JDK prints for a zone without names).
 */
export function javaAbbreviation(zone: string, instant: Date): string {
  const ms = instant.getTime();
  const offset = offsetAt(zone, ms) ?? 0;
  const names = javaZoneNames(zone);
  const year = yearOffsets(zone, new Date(ms + offset * 60_000).getUTCFullYear());
  if (names === undefined || year === undefined) return gmtName(offset);
  return offset > year.standard ? names[1] : names[0];
}

function gmtName(offset: number): string {
  if (offset === 0) return 'GMT';
  const abs = Math.abs(offset);
  return `GMT${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * The offset `abbreviation` names in `zone` for a date printed with wall-clock `wallMs` (the printed
 * fields read as if UTC), or undefined when Java never prints that name for that zone. The standard name
 * gives the year's standard offset and the daylight name the daylight one, so the repeated hour of an
 * autumn night is read exactly (`02:30 CEST` and `02:30 CET` are an hour apart).
 */
export function abbreviationOffsetInZone(
  abbreviation: string,
  zone: string,
  wallMs: number,
): number | undefined {
  const names = javaZoneNames(zone);
  const upper = abbreviation.toUpperCase();
  if (names === undefined || !names.includes(upper)) return undefined;
  const year = yearOffsets(zone, new Date(wallMs).getUTCFullYear());
  if (year === undefined) return undefined;
  if (names[0] === names[1]) {
    // One name for both halves of the year (IST in India): the offset the zone had at that wall time.
    const guess = offsetAt(zone, wallMs - year.standard * 60_000);
    return guess === undefined ? undefined : (offsetAt(zone, wallMs - guess * 60_000) ?? guess);
  }
  if (upper === names[0]) return year.standard;
  // A zone without DST that year never prints its daylight name (Phoenix has no MDT, Shanghai no CDT).
  return year.daylight === year.standard ? undefined : year.daylight;
}

/**
 * The distinct offsets an abbreviation names on that date across every zone of the table that prints it:
 * one for MYT, BRT or CEST; several for IST (India, Israel, Irish summer), CST (US Central, China) or AST
 * (Atlantic, Arabia); none for a name Java does not print.
 */
export function offsetsNamed(abbreviation: string, wallMs: number): ReadonlySet<number> {
  const offsets = new Set<number>();
  for (const zone of JAVA_NAMED_ZONES) {
    const offset = abbreviationOffsetInZone(abbreviation, zone, wallMs);
    if (offset !== undefined) offsets.add(offset);
  }
  return offsets;
}
