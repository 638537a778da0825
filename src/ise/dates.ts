/**
 * ISE prints dates in several shapes (ise-rest-api.md §2a/§7/§8b, ise-cli.md §1.3/§2.1/§2.10/§2.13):
 *
 * - Java `Date.toString()`: `Thu Sep 03 10:11:48 CEST 2026`, also `GMT+05:30` and numeric offsets;
 * - ctime without a zone: `Tue Jan 30 04:48:13 2024`, `Sun Oct  9 15:14:28 2022`;
 * - `show logging` listings: `Mar 05 2024 10:02:11` (INFERRED layout, ise-cli.md §2.13);
 * - resume-session ids: `Thursday_Oct_20_02:39:25_2022`;
 * - ISO and SQL-ish: `2021-03-30T01:06:01.621+00:00`, `2021-03-04 09:14:03 UTC`, `2025-01-01 00:00:00`,
 *   also URL-encoded as `2021-03-29%2007:49:23`;
 * - the schedule API's `05/13/2021` with `09:30 PM`;
 * - epoch milliseconds (`1614847786000`);
 * - backup file stamps `220816-1332` (see `parseBackupStamp`).
 *
 * Forms without a zone are in the appliance clock's zone, which the text does not say. They are read as
 * UTC unless the caller passes `zonelessTimeZone`, and the result says the zone was assumed.
 *
 * Zone abbreviations are read with the node's own zone when the caller knows it (`zones`, learned from
 * `show timezone` or `clock timezone`): IST is India in Asia/Kolkata, Irish summer time in Europe/Dublin
 * and Israel in Asia/Jerusalem. Without it, a name only one offset can mean that day (CEST, MYT, BRT) is
 * read from the JDK name table (java-zone-names.ts), and an ambiguous one falls back to the preferences
 * of `ZONE_ABBREVIATIONS` or fails as `ambiguous-zone`.
 */
import { abbreviationOffsetInZone, offsetsNamed } from './java-zone-names.js';

/**
 * Minutes east of UTC for zone abbreviations, used only when the node's zone is not known and the JDK
 * name table does not settle the name on its own (it is ambiguous there, or not in it: `UT`, `Z`). The
 * ambiguous choices below follow the zone most ISE admins would mean; a caller that knows the node's
 * zone passes `zones` and never reaches them:
 *
 * - IST is India (Asia/Kolkata): Cisco's own backup API example uses it that way. Java also prints IST for
 *   Israel and for Irish summer time.
 * - CST/CDT are US Central. Java prints CST for China (Asia/Shanghai) and Taiwan too.
 * - BST is British Summer Time (Europe/London), not Bangladesh.
 * - GST is Gulf (Asia/Dubai). AST (Atlantic vs Arabia) is deliberately absent: it fails as ambiguous-zone.
 */
export const ZONE_ABBREVIATIONS: Readonly<Record<string, number>> = {
  UTC: 0,
  UT: 0,
  GMT: 0,
  Z: 0,
  WET: 0,
  WEST: 60,
  BST: 60,
  CET: 60,
  CEST: 120,
  MET: 60,
  MEST: 120,
  EET: 120,
  EEST: 180,
  SAST: 120,
  MSK: 180,
  GST: 240,
  IST: 330,
  PKT: 300,
  ICT: 420,
  WIB: 420,
  SGT: 480,
  HKT: 480,
  AWST: 480,
  JST: 540,
  KST: 540,
  ACST: 570,
  ACDT: 630,
  AEST: 600,
  AEDT: 660,
  NZST: 720,
  NZDT: 780,
  NST: -210,
  NDT: -150,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  AKST: -540,
  AKDT: -480,
  HST: -600,
};

export interface IseDateOptions {
  /** IANA zone (or `UTC`) for forms that carry no zone, e.g. the node's `clock timezone`. Default UTC. */
  readonly zonelessTimeZone?: string;
  /** Replaces every abbreviation rule with this table, e.g. `{ ...ZONE_ABBREVIATIONS, CST: 480 }`. */
  readonly abbreviations?: Readonly<Record<string, number>>;
  /**
   * IANA zones the printing appliance may run in, most likely first (the node's own `clock timezone`,
   * then the PAN's). An abbreviation one of them prints is read in that zone (CST in Asia/Shanghai is
   * +08:00); an ambiguous one none of them prints fails as `ambiguous-zone` instead of being guessed.
   */
  readonly zones?: readonly string[];
}

export type IseDateFailure =
  | 'empty'
  | 'unrecognised-format'
  | 'unknown-zone'
  | 'ambiguous-zone'
  | 'invalid-date'
  | 'weekday-mismatch';

export type IseDateResult =
  | {
      readonly ok: true;
      readonly date: Date;
      /** The zone used: the text's own (`CEST`, `+02:00`, `epoch`) or the assumed one. */
      readonly zone: string;
      /** True when the text had no zone and `zone` came from `zonelessTimeZone` (default UTC). */
      readonly zoneAssumed: boolean;
    }
  | { readonly ok: false; readonly reason: IseDateFailure; readonly text: string };

const MONTHS = 'january february march april may june july august september october november december'.split(
  ' ',
);
const WEEKDAYS = 'sunday monday tuesday wednesday thursday friday saturday'.split(' ');

const ZONE = String.raw`(?:[A-Za-z]{1,5}(?:[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2})`;
const TIME = String.raw`(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?`;
/** Java `EEE MMM dd HH:mm:ss zzz yyyy` and ctime `EEE MMM d HH:mm:ss yyyy` (zone optional). */
const JAVA = new RegExp(
  String.raw`^(?:([A-Za-z]{3,9}),?\s+)?([A-Za-z]{3,9})\s+(\d{1,2})\s+${TIME}\s+(?:(${ZONE})\s+)?(\d{4})$`,
);
/** `show logging` listing: `Mar 05 2024 10:02:11`. */
const MONTH_DAY_YEAR = new RegExp(String.raw`^([A-Za-z]{3})\s+(\d{1,2})\s+(\d{4})\s+${TIME}$`);
const ISO = new RegExp(
  String.raw`^(\d{4})-(\d{2})-(\d{2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(${ZONE})?$`,
);
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/;
const EPOCH_MS = /^\d{12,13}$/;

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  weekday?: string | undefined;
}

/** Parses any of the ISE date forms above; failures are typed, never a guess. */
export function parseIseDateResult(text: string, options: IseDateOptions = {}): IseDateResult {
  const trimmed = text.trim().replaceAll('%20', ' ');
  if (trimmed === '') return { ok: false, reason: 'empty', text };
  if (EPOCH_MS.test(trimmed)) {
    return { ok: true, date: new Date(Number(trimmed)), zone: 'epoch', zoneAssumed: false };
  }
  // Resume-session ids join the fields with underscores: Thursday_Oct_20_02:39:25_2022.
  const spaced = /\s/.test(trimmed) ? trimmed : trimmed.replaceAll('_', ' ');
  const parsed = matchWallClock(spaced);
  if (parsed === undefined) return { ok: false, reason: 'unrecognised-format', text };
  const { wall, zone } = parsed;
  if (!isValidWallClock(wall)) return { ok: false, reason: 'invalid-date', text };
  if (wall.weekday !== undefined && !weekdayMatches(wall))
    return { ok: false, reason: 'weekday-mismatch', text };
  const wallMs = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.ms);
  if (zone !== undefined) {
    const offset = zoneOffsetMinutes(zone, wallMs, options);
    if (typeof offset !== 'number') return { ok: false, reason: offset, text };
    return { ok: true, date: new Date(wallMs - offset * 60_000), zone, zoneAssumed: false };
  }
  const assumed = options.zonelessTimeZone ?? 'UTC';
  const ms = wallClockInZone(wallMs, assumed);
  if (ms === undefined) return { ok: false, reason: 'unknown-zone', text };
  return { ok: true, date: new Date(ms), zone: assumed, zoneAssumed: true };
}

/** The date, or undefined when the text is not a date this module can place on the timeline exactly. */
export function parseIseDate(text: string, options?: IseDateOptions): Date | undefined {
  const result = parseIseDateResult(text, options);
  return result.ok ? result.date : undefined;
}

/**
 * The `YYMMDD-HHMM` stamp in backup file names (`NOW-CFG10-230716-2109.tar.gpg`). It is the node's local
 * time; read as UTC unless `zonelessTimeZone` says otherwise.
 */
export function parseBackupStamp(stamp: string, options: IseDateOptions = {}): Date | undefined {
  const m = /^(\d{2})(\d{2})(\d{2})-(\d{2})(\d{2})$/.exec(stamp.trim());
  if (m === null) return undefined;
  const [yy, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const wall = { year: 2000 + yy, month: mo, day: d, hour: h, minute: mi, second: 0, ms: 0 };
  if (!isValidWallClock(wall)) return undefined;
  const ms = wallClockInZone(Date.UTC(wall.year, mo - 1, d, h, mi), options.zonelessTimeZone ?? 'UTC');
  return ms === undefined ? undefined : new Date(ms);
}

/** A date field as printed, with its parsed value when the text allowed one. */
export interface CliTimestamp {
  readonly text: string;
  readonly date?: Date;
  readonly zoneAssumed?: boolean;
}

export function cliTimestamp(text: string, options?: IseDateOptions): CliTimestamp {
  const result = parseIseDateResult(text, options);
  return result.ok ? { text, date: result.date, zoneAssumed: result.zoneAssumed } : { text };
}

function matchWallClock(text: string): { wall: WallClock; zone: string | undefined } | undefined {
  let m = JAVA.exec(text);
  if (m !== null) {
    const [, weekday, month, day, h, mi, s, frac, zone, year] = m;
    const monthNumber = monthIndex(month);
    if (monthNumber === undefined || (weekday !== undefined && weekdayIndex(weekday) === undefined)) {
      return undefined;
    }
    const wall = clock(Number(year), monthNumber, day, h, mi, s, frac);
    return { wall: { ...wall, weekday }, zone };
  }
  m = MONTH_DAY_YEAR.exec(text);
  if (m !== null) {
    const [, month, day, year, h, mi, s, frac] = m;
    const monthNumber = monthIndex(month);
    if (monthNumber === undefined) return undefined;
    return { wall: clock(Number(year), monthNumber, day, h, mi, s, frac), zone: undefined };
  }
  m = ISO.exec(text);
  if (m !== null) {
    const [, year, month, day, h, mi, s, frac, zone] = m;
    return { wall: clock(Number(year), Number(month), day, h, mi, s, frac), zone };
  }
  m = US.exec(text);
  if (m !== null) {
    const [, month, day, year, h, mi, s, meridiem] = m;
    let hour = Number(h ?? 0);
    if (meridiem !== undefined) {
      if (hour < 1 || hour > 12) return undefined;
      hour = (hour % 12) + (meridiem.toLowerCase() === 'pm' ? 12 : 0);
    }
    return { wall: clock(Number(year), Number(month), day, String(hour), mi, s, undefined), zone: undefined };
  }
  return undefined;
}

function clock(
  year: number,
  month: number,
  day: string | undefined,
  h: string | undefined,
  mi: string | undefined,
  s: string | undefined,
  frac: string | undefined,
): WallClock {
  return {
    year,
    month,
    day: Number(day ?? 1),
    hour: Number(h ?? 0),
    minute: Number(mi ?? 0),
    second: Number(s ?? 0),
    ms: frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0')),
  };
}

/** Accepts `Sep`, `Sept` and `September`, but not any word that merely starts with a month's letters. */
function nameIndex(names: readonly string[], name: string | undefined): number | undefined {
  const lower = (name ?? '').toLowerCase();
  const i = lower.length < 3 ? -1 : names.findIndex((full) => full.startsWith(lower));
  return i < 0 ? undefined : i;
}

function monthIndex(name: string | undefined): number | undefined {
  const i = nameIndex(MONTHS, name);
  return i === undefined ? undefined : i + 1;
}

function weekdayIndex(name: string): number | undefined {
  return nameIndex(WEEKDAYS, name);
}

function isValidWallClock(w: WallClock): boolean {
  if (w.month < 1 || w.month > 12 || w.hour > 23 || w.minute > 59 || w.second > 59) return false;
  const d = new Date(Date.UTC(w.year, w.month - 1, w.day));
  return d.getUTCFullYear() === w.year && d.getUTCMonth() === w.month - 1 && d.getUTCDate() === w.day;
}

/** The weekday is printed in the same local time as the date, so compare against the wall clock. */
function weekdayMatches(w: WallClock): boolean {
  return weekdayIndex(w.weekday ?? '') === new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay();
}

function zoneOffsetMinutes(
  zone: string,
  wallMs: number,
  options: IseDateOptions,
): number | 'unknown-zone' | 'ambiguous-zone' {
  const numeric = /^(?:GMT|UTC|UT)?([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(zone);
  if (numeric !== null) {
    const [, sign, h, m] = numeric;
    const minutes = Number(h) * 60 + Number(m ?? 0);
    if (Number(h) > 14 || Number(m ?? 0) > 59) return 'unknown-zone';
    return sign === '-' ? -minutes : minutes;
  }
  const name = zone.toUpperCase();
  if (options.abbreviations) return options.abbreviations[name] ?? 'unknown-zone';
  for (const candidate of options.zones ?? []) {
    const offset = abbreviationOffsetInZone(name, candidate, wallMs);
    if (offset !== undefined) return offset;
  }
  const offsets = offsetsNamed(name, wallMs);
  const [only] = offsets;
  if (offsets.size === 1 && only !== undefined) return only;
  if (offsets.size > 1) {
    // The node's zone is known and does not print this name: any reading would be a guess.
    if ((options.zones ?? []).length > 0) return 'ambiguous-zone';
    return ZONE_ABBREVIATIONS[name] ?? 'ambiguous-zone';
  }
  return ZONE_ABBREVIATIONS[name] ?? 'unknown-zone';
}

/** Converts a wall-clock time in an IANA zone to epoch ms; undefined for a zone Intl does not know. */
function wallClockInZone(wallMs: number, timeZone: string): number | undefined {
  if (timeZone.toUpperCase() === 'UTC') return wallMs;
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    return undefined;
  }
  const offsetAt = (ms: number): number => {
    const parts = Object.fromEntries(format.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
    const asUtc = Date.UTC(
      Number(parts.year),
      Number(parts.month) - 1,
      Number(parts.day),
      Number(parts.hour),
      Number(parts.minute),
      Number(parts.second),
    );
    return asUtc - Math.floor(ms / 1000) * 1000;
  };
  // Two rounds of "subtract the zone's offset" settle every wall time. A time skipped by a DST gap comes
  // out shifted forward by the gap (as java.time does); one repeated in autumn gets one of its readings.
  const first = wallMs - offsetAt(wallMs);
  return wallMs - offsetAt(first);
}
