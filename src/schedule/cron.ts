import { type ParsedFields, validateDetailed } from 'node-cron';

/**
 * One fire of a schedule, named the way people name it: by the wall clock of its zone ("the 02:30
 * digest of 25 October, Berlin time"). Two fires are the same fire exactly when their slots are equal,
 * whichever path (node-cron's timer, the catch-up, a manual run) noticed it.
 */
export interface Slot {
  /** Local date, `YYYY-MM-DD`. */
  date: string;
  /** Local time, `HH:MM:SS`. */
  time: string;
  timezone: string;
  /**
   * The slot's one instant: when it fires and what its claim is keyed by. The first instant at which the
   * zone's clock reads `time` on `date` or later. So a time repeated by a fall-back fires once, at its
   * first occurrence; a time skipped by a spring-forward fires at the first instant after the gap (03:00
   * for a 02:30 that does not exist). Several times skipped by one gap share that instant: one fire.
   */
  at: Date;
}

/**
 * Cron times in a subscription's own zone, computed from any instant rather than from the wall clock:
 * the run coordinator names each fire by its slot, catch-up after downtime needs the fires between two
 * instants, and tests drive an injected clock. node-cron parses the expression (so both agree on its
 * meaning, `L`, `W`, `#` included) and arms the timers, but it is not the authority on which slot a
 * timer belongs to: across DST it fires a repeated time at its second occurrence east of UTC and skips
 * a time that does not exist. `slotAt` maps whatever instant it names back to the slot.
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

  /** The first slot whose instant is strictly after `after`, or undefined when none comes within `horizonDays`. */
  nextSlot(after: Date, horizonDays = 366 * 5): Slot | undefined {
    const start = localParts(after, this.timezone);
    // From the day before: a slot's instant can fall on the next local day when a gap spans midnight.
    let day = previousDay({ year: start.year, month: start.month, day: start.day });
    for (let i = 0; i < horizonDays + 1; i++) {
      if (this.#dayMatches(day.year, day.month, day.day)) {
        for (const [hour, minute, second] of this.#times) {
          const slot = this.#slot({ ...day, hour, minute, second });
          if (slot.at.getTime() > after.getTime()) return slot;
        }
      }
      day = nextDay(day);
    }
    return undefined;
  }

  /** The instant of the first slot strictly after `after`. */
  next(after: Date, horizonDays = 366 * 5): Date | undefined {
    return this.nextSlot(after, horizonDays)?.at;
  }

  /**
   * The slot an instant on the zone's clock names: node-cron's timer fires with such an instant (a
   * repeated time's second occurrence east of UTC). Undefined when the schedule has no slot at that
   * local date and time.
   */
  slotAt(at: Date): Slot | undefined {
    const local = localParts(at, this.timezone);
    if (!this.#dayMatches(local.year, local.month, local.day)) return undefined;
    const known = this.#times.some(
      ([h, m, s]) => h === local.hour && m === local.minute && s === local.second,
    );
    return known ? this.#slot(local) : undefined;
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

  /** Slots whose instant is in (from, to], at most `limit` of them (an every-minute schedule over a long outage). */
  slotsBetween(from: Date, to: Date, limit = 1000): Slot[] {
    const out: Slot[] = [];
    let cursor = from;
    while (out.length < limit) {
      const next = this.nextSlot(cursor);
      if (!next || next.at > to) break;
      out.push(next);
      cursor = next.at;
    }
    return out;
  }

  /** Instants of the slots in (from, to]. */
  between(from: Date, to: Date, limit = 1000): Date[] {
    return this.slotsBetween(from, to, limit).map((s) => s.at);
  }

  /** The latest slot whose instant is at or before `at`, looking back at most `lookbackMs`. */
  latestSlotAtOrBefore(at: Date, lookbackMs: number): Slot | undefined {
    return this.slotsBetween(new Date(at.getTime() - lookbackMs), at, 100_000).at(-1);
  }

  /** The instant of the latest slot at or before `at`, looking back at most `lookbackMs`. */
  latestAtOrBefore(at: Date, lookbackMs: number): Date | undefined {
    return this.latestSlotAtOrBefore(at, lookbackMs)?.at;
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

  #slot(local: LocalParts): Slot {
    const pad = (n: number, width = 2) => String(n).padStart(width, '0');
    return {
      date: `${pad(local.year, 4)}-${pad(local.month)}-${pad(local.day)}`,
      time: `${pad(local.hour)}:${pad(local.minute)}:${pad(local.second)}`,
      timezone: this.timezone,
      at: new Date(slotInstant(local, this.timezone)),
    };
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

const knownZones = new Map<string, boolean>();

export function isTimezone(zone: string): boolean {
  // Asked at every subscription sync; building a formatter per question costs more than the rest of it.
  let known = knownZones.get(zone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      known = true;
    } catch {
      known = false;
    }
    if (knownZones.size < 1000) knownZones.set(zone, known);
  }
  return known;
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

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock fields of an instant in a zone (formatters cached per zone). */
export function localParts(at: Date | number, timezone: string): LocalParts {
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

/** A local wall-clock reading as one comparable number (milliseconds as if the zone were UTC). */
const wallMs = (p: LocalParts) => Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);

/**
 * The first instant at which the zone's clock reads `local` or later: the earlier occurrence when a
 * fall-back repeats it, the end of the gap when a spring-forward skips it. Zone offsets are tried from
 * half a day either side, which covers every real transition.
 */
function slotInstant(local: LocalParts, timezone: string): number {
  // The same few slots are asked for at every sync and timer; the answer never changes for a zone.
  const key = `${timezone} ${wallMs(local)}`;
  let at = slotInstants.get(key);
  if (at === undefined) {
    at = computeSlotInstant(local, timezone);
    if (slotInstants.size >= 50_000) slotInstants.clear();
    slotInstants.set(key, at);
  }
  return at;
}

const slotInstants = new Map<string, number>();

function computeSlotInstant(local: LocalParts, timezone: string): number {
  const wanted = wallMs(local);
  const offsets = new Set<number>();
  for (const probe of [wanted - 14 * 3600_000, wanted, wanted + 14 * 3600_000]) {
    offsets.add(wallMs(localParts(probe, timezone)) - probe);
  }
  const candidates = [...offsets].map((offset) => wanted - offset).sort((a, b) => a - b);
  const exact = candidates.find((at) => sameParts(localParts(at, timezone), local));
  if (exact !== undefined) return exact;
  // Skipped: the clock jumps over `local` between the candidates; find the jump to the second.
  let lo = candidates.findLast((at) => wallMs(localParts(at, timezone)) < wanted) ?? wanted - 14 * 3600_000;
  let hi =
    candidates.find((at) => at > lo && wallMs(localParts(at, timezone)) > wanted) ?? wanted + 14 * 3600_000;
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (wallMs(localParts(mid, timezone)) >= wanted) hi = mid;
    else lo = mid;
  }
  return hi;
}

function previousDay(d: { year: number; month: number; day: number }) {
  const prev = new Date(Date.UTC(d.year, d.month - 1, d.day - 1));
  return { year: prev.getUTCFullYear(), month: prev.getUTCMonth() + 1, day: prev.getUTCDate() };
}

function nextDay(d: { year: number; month: number; day: number }) {
  const next = new Date(Date.UTC(d.year, d.month - 1, d.day + 1));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}
