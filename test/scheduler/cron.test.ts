import test from 'ava';
import { createTask } from 'node-cron';
import { checkSchedule } from '../../src/schedule/check.js';
import { CronSchedule, canonicalTimezone, formatLocal } from '../../src/schedule/cron.js';
import { freezeDate } from '../helpers/frozen-date.js';

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

test('08:00 in Berlin is 07:00 UTC in winter and 06:00 UTC in summer', (t) => {
  const s = new CronSchedule('0 8 * * *', 'Europe/Berlin');
  t.deepEqual(iso(s.nextN(new Date('2026-03-28T00:00:00Z'), 2)), [
    '2026-03-28T07:00:00.000Z',
    '2026-03-29T06:00:00.000Z',
  ]);
  t.deepEqual(iso(s.nextN(new Date('2026-10-24T00:00:00Z'), 2)), [
    '2026-10-24T06:00:00.000Z',
    '2026-10-25T07:00:00.000Z',
  ]);
});

test('a time skipped by spring-forward fires at the end of the gap; one repeated by fall-back fires once, first', (t) => {
  const s = new CronSchedule('30 2 * * *', 'Europe/Berlin');
  t.deepEqual(iso(s.between(new Date('2026-03-28T00:00:00Z'), new Date('2026-03-31T00:00:00Z'))), [
    '2026-03-28T01:30:00.000Z',
    '2026-03-29T01:00:00.000Z', // 03:00 CEST: 02:30 does not exist that day
    '2026-03-30T00:30:00.000Z',
  ]);
  t.deepEqual(iso(s.between(new Date('2026-10-24T12:00:00Z'), new Date('2026-10-26T12:00:00Z'))), [
    '2026-10-25T00:30:00.000Z', // 02:30 CEST, the first of the two 02:30s
    '2026-10-26T01:30:00.000Z',
  ]);
});

test('every instant node-cron may name for a slot maps back to that one slot and its one instant', (t) => {
  const berlin = new CronSchedule('30 2 * * *', 'Europe/Berlin');
  const first = berlin.slotAt(new Date('2026-10-25T00:30:00Z'));
  const second = berlin.slotAt(new Date('2026-10-25T01:30:00Z'));
  t.deepEqual(first, {
    date: '2026-10-25',
    time: '02:30:00',
    timezone: 'Europe/Berlin',
    at: new Date('2026-10-25T00:30:00Z'),
  });
  t.deepEqual(second, first);
  t.is(berlin.slotAt(new Date('2026-10-25T01:31:00Z')), undefined, 'not a time of the schedule');
  // Lord Howe moves by 30 minutes: 02:15 is skipped, fires at 02:30 local (the gap's end).
  const lordHowe = new CronSchedule('15 2 * * *', 'Australia/Lord_Howe');
  t.deepEqual(lordHowe.slotsBetween(new Date('2026-10-03T00:00:00Z'), new Date('2026-10-04T00:00:00Z')), [
    {
      date: '2026-10-04',
      time: '02:15:00',
      timezone: 'Australia/Lord_Howe',
      at: new Date('2026-10-03T15:30:00Z'),
    },
  ]);
  // Several times inside one gap share the gap's end: one fire, not a burst.
  const burst = new CronSchedule('*/20 2 * * *', 'Europe/Berlin');
  t.deepEqual(iso(burst.between(new Date('2026-03-28T12:00:00Z'), new Date('2026-03-29T12:00:00Z'))), [
    '2026-03-29T01:00:00.000Z',
  ]);
});

test('the walker agrees with node-cron on every fire it names (weekdays, L, nth weekday, zones)', (t) => {
  // node-cron reads the wall clock for "next runs": stopped, so both sides start from the same instant
  // (a real clock could cross a fire between the two computations).
  const now = new Date('2026-11-30T07:59:59.500Z');
  freezeDate(t, now);
  for (const [cron, zone] of [
    ['0 8 * * 1-5', 'America/New_York'],
    ['0 0 L * *', 'UTC'],
    ['15 6 * * 1#2', 'Asia/Kolkata'],
    ['0 9 15W * *', 'Australia/Sydney'],
    ['@daily', 'Europe/London'],
  ] as const) {
    const task = createTask(cron, () => {}, { timezone: zone });
    t.teardown(() => task.destroy());
    const fires = new CronSchedule(cron, zone).nextN(new Date('2026-01-01T00:00:00Z'), 12);
    t.is(fires.length, 12, cron);
    for (const f of fires) t.true(task.match(f), `${cron} ${zone} ${f.toISOString()}`);
    t.deepEqual(
      iso(task.getNextRuns(5)),
      iso(new CronSchedule(cron, zone).nextN(now, 5)),
      `${cron} from now`,
    );
  }
});

test('the latest fire at or before an instant, within a look-back', (t) => {
  const s = new CronSchedule('0 8 * * *', 'Europe/Berlin');
  t.is(
    s.latestAtOrBefore(new Date('2026-11-30T07:30:00Z'), 3_600_000)?.toISOString(),
    '2026-11-30T07:00:00.000Z',
  );
  t.is(
    s.latestAtOrBefore(new Date('2026-11-30T07:00:00Z'), 3_600_000)?.toISOString(),
    '2026-11-30T07:00:00.000Z',
  );
  t.is(s.latestAtOrBefore(new Date('2026-11-30T08:30:00Z'), 3_600_000), undefined);
});

test('checkSchedule names the problem and gives an example; zones are spelled canonically', (t) => {
  const now = new Date('2026-11-30T00:00:00Z');
  const bad = checkSchedule('0 25 * * *', 'UTC', now);
  t.false(bad.ok);
  if (!bad.ok) {
    t.regex(bad.problem, /25 is an invalid expression for hour/);
    t.regex(bad.example, /subscribe readiness "0 8 \* \* 1-5" Europe\/Berlin/);
  }
  const good = checkSchedule('0 8 * * 1-5', 'Europe/Berlin', now);
  t.true(good.ok);
  if (good.ok) t.is(good.next.length, 3);
  t.is(canonicalTimezone('europe/berlin'), 'Europe/Berlin');
  t.regex(formatLocal(new Date('2026-11-30T07:00:00Z'), 'Europe/Berlin'), /^Mon 30 Nov 2026, 08:00/);
});
