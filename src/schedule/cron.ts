import { type ParsedFields, validateDetailed } from 'node-cron';

/**
 * Cron times in a subscription's own zone, computed from any instant rather than from the wall clock:
 * the run coordinator names each fire by its scheduled time, catch-up after downtime needs the fires
 * between two instants, and tests drive an injected clock. node-cron parses the expression (so both
 * agree on its meaning, `L`, `W`, `#` included) but only answers "next after now", hence this walker.
 * Its rules follow node-cron's: a local time skipped by a spring-forward gap does not fire that day;
 * a local time repeated by a fall-back fires once, at its first occurrence.
 */
export class CronSchedule {
  readonly #fields: ParsedFields;
  readonly #times: Array<[number, number, number]>;

  constructor(
    readonly expression: string,
    readonly timezone: string,
  ) {
    const checked = validateDetailed(expression);
    if (!checked.valid || !checked.fields) {
      throw new Error(`invalid cron expression "${expression}": ${checked.errors[0]?.message ?? 'unknown'}`);
    }
    if (!isTimezone(timezone)) throw new Error(`unknown time zone "${timezone}"`);
    this.#fields = checked.fields;
    const asc = (values: number[]) => [...values].sort((a, b) => a - b);
    this.#times = asc(this.#fields.hour).flatMap((h) =>
      asc(this.#fields.minute).flatMap((m) =>
        asc(this.#fields.second).map((s): [number, number, number] => [h, m, s]),
      ),
    );
  }

  /** The first fire strictly after `after`, or undefined when none comes within `horizonDays`. */
  next(after: Date, horizonDays = 366 * 5): Date | undefined {
    const start = localParts(after, this.timezone);
    let day = { year: start.year, month: start.month, day: start.day };
    for (let i = 0; i < horizonDays; i++) {
      if (this.#dayMatches(day.year, day.month, day.day)) {
        for (const [hour, minute, second] of this.#times) {
          const at = localToInstant({ ...day, hour, minute, second }, this.timezone);
          if (at !== undefined && at > after.getTime()) return new Date(at);
        }
      }
      day = nextDay(day);
    }
    return undefined;
  }

  nextN(after: Date, count: number): Date[] {
    const out: Date[] = [];
    let from = after;
    while (out.length < count) {
      const next = this.next(from);
      if (!next) break;
      out.push(next);
      from = next;
    }
    return out;
  }

  /** Fires in (from, to], at most `limit` of them (an every-minute schedule over a long outage). */
  between(from: Date, to: Date, limit = 1000): Date[] {
    const out: Date[] = [];
    let cursor = from;
    while (out.length < limit) {
      const next = this.next(cursor);
      if (!next || next > to) break;
      out.push(next);
      cursor = next;
    }
    return out;
  }

  /** The latest fire at or before `at`, looking back at most `lookbackMs`. */
  latestAtOrBefore(at: Date, lookbackMs: number): Date | undefined {
    const fires = this.between(new Date(at.getTime() - lookbackMs), at, 100_000);
    return fires.at(-1);
  }

  /** The shortest gap between consecutive fires over the next `sample` fires (spam guard). */
  shortestGapMs(after: Date, sample = 50): number {
    const fires = this.nextN(after, sample);
    let shortest = Number.POSITIVE_INFINITY;
    for (let i = 1; i < fires.length; i++) {
      shortest = Math.min(shortest, (fires[i] as Date).getTime() - (fires[i - 1] as Date).getTime());
    }
    return shortest;
  }

  #dayMatches(year: number, month: number, day: number): boolean {
    const f = this.#fields;
    if (!f.month.includes(month)) return false;
    const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
    return (
      f.dayOfMonth.some((v) => domMatches(v, year, month, day)) &&
      f.dayOfWeek.some((v) => dowMatches(v, year, month, day, weekday))
    );
  }
}

export function isTimezone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The zone's canonical spelling (`europe/berlin` → `Europe/Berlin`), so equal zones compare equal. */
export function canonicalTimezone(zone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
}

/** `Mon 30 Mar 2026 08:00 GMT+2`: how a fire reads to people in that zone. */
export function formatLocal(at: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    weekday: 'short',
    day: '2-digit',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  })
    .format(at)
    .replace(',', '');
}

// --- day fields, as node-cron reads them (L, L-n, nW, LW; n#k, nL) ---

const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

function nearestWeekday(year: number, month: number, target: number): number {
  const last = lastDay(year, month);
  if (target < 1 || target > last) return -1;
  const weekday = new Date(Date.UTC(year, month - 1, target)).getUTCDay();
  if (weekday === 6) return target === 1 ? target + 2 : target - 1;
  if (weekday === 0) return target === last ? target - 2 : target + 1;
  return target;
}

function domMatches(value: number | string, year: number, month: number, day: number): boolean {
  if (typeof value === 'number') return value === day;
  if (value === 'L') return day === lastDay(year, month);
  const weekdayNear = /^(\d{1,2}|L)W$/.exec(value);
  if (weekdayNear?.[1]) {
    const target = weekdayNear[1] === 'L' ? lastDay(year, month) : Number(weekdayNear[1]);
    return nearestWeekday(year, month, target) === day;
  }
  const offset = /^L-(\d{1,2})$/.exec(value);
  if (offset?.[1]) return lastDay(year, month) - Number(offset[1]) === day;
  return false;
}

function dowMatches(
  value: number | string,
  year: number,
  month: number,
  day: number,
  weekday: number,
): boolean {
  if (typeof value === 'number') return value % 7 === weekday;
  const nth = /^([0-7])#([1-5])$/.exec(value);
  if (nth?.[1] && nth[2])
    return Number(nth[1]) % 7 === weekday && Math.floor((day - 1) / 7) + 1 === Number(nth[2]);
  const last = /^([0-7])L$/i.exec(value);
  if (last?.[1]) return Number(last[1]) % 7 === weekday && day + 7 > lastDay(year, month);
  return false;
}

// --- wall-clock time in a zone ---

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function localParts(at: Date | number, timezone: string): LocalParts {
  let format = formatters.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    });
    formatters.set(timezone, format);
  }
  const parts: Record<string, number> = {};
  for (const p of format.formatToParts(at)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

const sameParts = (a: LocalParts, b: LocalParts) =>
  a.year === b.year &&
  a.month === b.month &&
  a.day === b.day &&
  a.hour === b.hour &&
  a.minute === b.minute &&
  a.second === b.second;

/**
 * The instant a local wall-clock time names: the earlier one when a fall-back repeats it, undefined when
 * a spring-forward skips it. Zone offsets are tried from a few hours either side, which covers every
 * real transition.
 */
function localToInstant(local: LocalParts, timezone: string): number | undefined {
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  const offsets = new Set<number>();
  for (const probe of [asUtc - 14 * 3600_000, asUtc, asUtc + 14 * 3600_000]) {
    const p = localParts(probe, timezone);
    const probeLocal = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    offsets.add(probeLocal - probe);
  }
  const candidates = [...offsets]
    .map((offset) => asUtc - offset)
    .filter((at) => sameParts(localParts(at, timezone), local))
    .sort((a, b) => a - b);
  return candidates[0];
}

function nextDay(d: { year: number; month: number; day: number }) {
  const next = new Date(Date.UTC(d.year, d.month - 1, d.day + 1));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}
