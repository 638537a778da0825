import test from 'ava';
import { addDays, localMidnight, runScheduler } from './dst-timers.js';

/**
 * Each zone's two changes of 2026 and a local time inside the hour (or half hour, Lord Howe) that the
 * change repeats or skips. `weekday` is the change's local day of the week: a weekly schedule on that
 * day must hit the change too (a Monday-to-Friday one, also run, never does: the changes fall on
 * weekends).
 */
const CHANGES = [
  {
    zone: 'Europe/Berlin',
    date: '2026-03-29',
    at: '30 2',
    weekday: 0,
    kind: 'skipped',
    expect: '03:00',
    instant: '2026-03-29T01:00:00Z',
  },
  {
    zone: 'Europe/Berlin',
    date: '2026-10-25',
    at: '30 2',
    weekday: 0,
    kind: 'repeated',
    expect: '02:30',
    instant: '2026-10-25T00:30:00Z',
  },
  {
    zone: 'Europe/London',
    date: '2026-03-29',
    at: '30 1',
    weekday: 0,
    kind: 'skipped',
    expect: '02:00',
    instant: '2026-03-29T01:00:00Z',
  },
  {
    zone: 'Europe/London',
    date: '2026-10-25',
    at: '30 1',
    weekday: 0,
    kind: 'repeated',
    expect: '01:30',
    instant: '2026-10-25T00:30:00Z',
  },
  {
    zone: 'America/New_York',
    date: '2026-03-08',
    at: '30 2',
    weekday: 0,
    kind: 'skipped',
    expect: '03:00',
    instant: '2026-03-08T07:00:00Z',
  },
  {
    zone: 'America/New_York',
    date: '2026-11-01',
    at: '30 1',
    weekday: 0,
    kind: 'repeated',
    expect: '01:30',
    instant: '2026-11-01T05:30:00Z',
  },
  {
    zone: 'Australia/Sydney',
    date: '2026-04-05',
    at: '30 2',
    weekday: 0,
    kind: 'repeated',
    expect: '02:30',
    instant: '2026-04-04T15:30:00Z',
  },
  {
    zone: 'Australia/Sydney',
    date: '2026-10-04',
    at: '30 2',
    weekday: 0,
    kind: 'skipped',
    expect: '03:00',
    instant: '2026-10-03T16:00:00Z',
  },
  {
    zone: 'Australia/Lord_Howe',
    date: '2026-04-05',
    at: '45 1',
    weekday: 0,
    kind: 'repeated',
    expect: '01:45',
    instant: '2026-04-04T14:45:00Z',
  },
  {
    zone: 'Australia/Lord_Howe',
    date: '2026-10-04',
    at: '15 2',
    weekday: 0,
    kind: 'skipped',
    expect: '02:30',
    instant: '2026-10-03T15:30:00Z',
  },
  {
    zone: 'America/Santiago',
    date: '2026-04-04',
    at: '30 23',
    weekday: 6,
    kind: 'repeated',
    expect: '23:30',
    instant: '2026-04-05T02:30:00Z',
  },
  {
    zone: 'America/Santiago',
    date: '2026-09-06',
    at: '30 0',
    weekday: 0,
    kind: 'skipped',
    expect: '01:00',
    instant: '2026-09-06T04:00:00Z',
  },
] as const;

const DAY = 86_400_000;
const hhmm = (cronAt: string) =>
  cronAt
    .split(' ')
    .reverse()
    .map((n) => n.padStart(2, '0'))
    .join(':');
const DAILY = 'slack:CDAILY';
const WEEKLY = 'slack:CWEEKLY';
const WORKDAYS = 'slack:CWORKDAYS';

// One fake clock for the whole process: these tests run one at a time. Each simulates days (a year)
// of timers; on a loaded 2-core machine that takes a while, so each bounds a hang, not a speed, with
// its own timeout instead of ava's one minute without a result.
const PATIENCE = 5 * 60_000;
for (const change of CHANGES) {
  test.serial(
    `${change.zone}, ${change.kind} ${hhmm(change.at)} on ${change.date}: one post per local day through node-cron's timers`,
    async (t) => {
      t.timeout(PATIENCE);
      const days = [addDays(change.date, -1), change.date, addDays(change.date, 1)];
      const run = await runScheduler({
        zone: change.zone,
        schedules: [
          { cron: `${change.at} * * *`, channel: DAILY },
          { cron: `${change.at} * * ${change.weekday}`, channel: WEEKLY },
          { cron: `${change.at} * * 1-5`, channel: WORKDAYS },
        ],
        // Off the hour, so the daily sync never lands on a slot by chance and hides a missed timer.
        from: new Date(localMidnight(days[0] as string, change.zone).getTime() - 7 * 60_000),
        to: localMidnight(addDays(change.date, 2), change.zone),
        // The subscription sync (for chat subscriptions made on other replicas) once a day: the timers
        // alone must get every slot right. The one-minute default is raced against them below.
        syncEveryMs: DAY,
      });
      t.deepEqual(
        [...run.perDate(DAILY)],
        days.map((d) => [d, 1]),
        'the daily schedule: one post on each local day',
      );
      t.deepEqual([...run.perDate(WEEKLY)], [[change.date, 1]], 'the weekly schedule: one post, on the day');
      const workdays = days.filter((d) => ![0, 6].includes(new Date(`${d}T12:00:00Z`).getUTCDay()));
      t.deepEqual(
        [...run.perDate(WORKDAYS)],
        workdays.map((d) => [d, 1]),
        'Monday to Friday: one post on each of those days, none at the weekend change',
      );
      // On the change day the post arrives at the slot's one instant: the first occurrence of a repeated
      // time, the end of the gap for a skipped one.
      for (const channel of [DAILY, WEEKLY]) {
        t.deepEqual(
          run.arrivals(channel).filter((a) => a.startsWith(change.date)),
          [`${change.date} ${change.expect}`],
          channel,
        );
        const instant = new Date(change.instant).toISOString();
        t.deepEqual(run.on(channel, change.date), [{ at: instant, scheduledAt: instant }], channel);
      }
    },
  );
}

const BERLIN = 'Europe/Berlin';
/** The reported case: a daily 02:30 digest in Berlin, run on the fake clock from `from` to `to`. */
function berlinAt0230(from: Date, to: Date, syncEveryMs?: number) {
  return runScheduler({
    zone: BERLIN,
    schedules: [{ cron: '30 2 * * *', channel: DAILY }],
    from,
    to,
    ...(syncEveryMs === undefined ? {} : { syncEveryMs }),
  });
}

test.serial(
  'a year of Europe/Berlin at 02:30 (skipped in March, repeated in October): every local day exactly one post',
  async (t) => {
    t.timeout(PATIENCE);
    const run = await berlinAt0230(
      localMidnight('2026-01-01', BERLIN),
      localMidnight('2027-01-01', BERLIN),
      DAY,
    );
    const counts = run.perDate(DAILY);
    const expected: Array<[string, number]> = [];
    for (let d = '2026-01-01'; d < '2027-01-01'; d = addDays(d, 1)) expected.push([d, 1]);
    t.is(expected.length, 365);
    t.deepEqual([...counts], expected, 'none missing, none doubled');
    t.deepEqual(
      run.arrivals(DAILY).filter((a) => !a.endsWith(' 02:30')),
      ['2026-03-29 03:00'],
      'every post at 02:30 local, but the one 02:30 that did not exist',
    );
    const october = run.on(DAILY, '2026-10-25');
    t.deepEqual(october, [{ at: '2026-10-25T00:30:00.000Z', scheduledAt: '2026-10-25T00:30:00.000Z' }]);
  },
);

for (const date of ['2026-03-29', '2026-10-25']) {
  test.serial(
    `Europe/Berlin 02:30 on ${date} with the one-minute subscription sync racing node-cron's timer: one post`,
    async (t) => {
      t.timeout(PATIENCE);
      // The reported double post: the sync's catch-up ran the first 02:30 (00:30Z) and node-cron's
      // timer the second (01:30Z) under another key. Both now name the same slot.
      const midnight = localMidnight(date, BERLIN).getTime();
      const run = await berlinAt0230(new Date(midnight - 3 * 3_600_000), new Date(midnight + 6 * 3_600_000));
      t.deepEqual([...run.perDate(DAILY)], [[date, 1]]);
    },
  );
}
