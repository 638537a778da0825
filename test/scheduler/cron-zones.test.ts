import test from 'ava';
import { CronSchedule } from '../../src/schedule/cron.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

const wallFormats = new Map<string, Intl.DateTimeFormat>();
/** `2026-10-25 02:30:00`: what the zone's clock reads at an instant (sortable as text). */
function wall(at: number, zone: string): string {
  let f = wallFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('sv-SE', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    wallFormats.set(zone, f);
  }
  return f.format(at);
}

const offset = (at: number, zone: string) => Date.parse(`${wall(at, zone).replace(' ', 'T')}Z`) - at;

/** Every instant of 2026 at which `zone` changes its offset (weekly samples, then to the minute). */
function changes2026(zone: string): number[] {
  const out: number[] = [];
  for (let at = Date.UTC(2026, 0, 1); at < Date.UTC(2027, 0, 1); at += 7 * DAY) {
    let lo = at;
    let hi = at + 7 * DAY;
    if (offset(lo, zone) === offset(hi, zone)) continue;
    while (hi - lo > MINUTE) {
      const mid = lo + Math.floor((hi - lo) / (2 * MINUTE)) * MINUTE;
      if (offset(mid, zone) === offset(lo, zone)) lo = mid;
      else hi = mid;
    }
    out.push(hi);
  }
  return out;
}

test('in every zone that changes its clocks in 2026, a daily time near each change fires once per local day, at the first instant its clock reads that time or later', (t) => {
  const zones = Intl.supportedValuesOf('timeZone');
  let checked = 0;
  const problems: string[] = [];
  for (const zone of zones) {
    for (const change of changes2026(zone)) {
      // Local times from 90 minutes before the change's wall-clock reading to 90 minutes after it, in
      // quarter hours: the repeated or skipped ones and their neighbours.
      const before = wall(change - 1000, zone);
      const base = Date.parse(`${before.slice(0, 10)}T${before.slice(11, 14)}00:00Z`);
      for (let local = base - 90 * MINUTE; local <= base + 150 * MINUTE; local += 30 * MINUTE) {
        const hhmm = new Date(local).toISOString().slice(11, 16);
        const cron = `${Number(hhmm.slice(3))} ${Number(hhmm.slice(0, 2))} * * *`;
        const slots = new CronSchedule(cron, zone).slotsBetween(
          new Date(change - 1.5 * DAY),
          new Date(change + 1.5 * DAY),
        );
        const where = `${zone} "${cron}" around ${new Date(change).toISOString()}`;
        const dates = slots.map((s) => s.date);
        if (new Set(dates).size !== dates.length) problems.push(`${where}: a local date twice: ${dates}`);
        for (let i = 1; i < dates.length; i++) {
          const gap = Date.parse(dates[i] as string) - Date.parse(dates[i - 1] as string);
          if (gap !== DAY) problems.push(`${where}: a local date missing after ${dates[i - 1]}`);
        }
        for (const s of slots) {
          const wanted = `${s.date} ${s.time}`;
          const at = s.at.getTime();
          if (wall(at, zone) < wanted || wall(at - 1000, zone) >= wanted) {
            problems.push(`${where}: ${wanted} fires at ${s.at.toISOString()} (${wall(at, zone)})`);
          }
        }
        checked++;
      }
    }
  }
  t.deepEqual(problems, []);
  t.true(checked > 500, `${checked} zone/time pairs checked`);
  t.log(`${checked} zone/time pairs checked`);
});
