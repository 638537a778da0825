import FakeTimers from '@sinonjs/fake-timers';
import { createScheduler } from '../../scheduler/scheduler.js';
import { CronSchedule } from '../../src/schedule/cron.js';
import { healthy } from '../checks/fixtures.js';
import { close, FakeClock, harness, localTime, RecordingPoster, readinessOver } from './helpers.js';

/** The scheduler's injected clock reading the faked `Date`, so it and node-cron share one time. */
class SharedClock extends FakeClock {
  override readonly now = (): Date => new Date();
}

export interface Run {
  /** Posts per target channel and local date of arrival (`YYYY-MM-DD` in the schedule's zone). */
  perDate(channel: string): Map<string, number>;
  /** Local `YYYY-MM-DD HH:MM` of each post to a channel, in arrival order. */
  arrivals(channel: string): string[];
  /** Posts to a channel whose local arrival date is `date`: when they arrived, the slot they say they are for. */
  on(channel: string, date: string): Array<{ at: string; scheduledAt: unknown }>;
}

/**
 * Runs the real scheduler — node-cron's own timers, the subscription sync with its catch-up, the run
 * coordinator over a SQLite store, the digest job — against a fake clock from `from` to `to`, and
 * records what reached the chat fake. Only `Date` and the timer functions are faked (not
 * `setImmediate`), so the fake clock's async ticks let every promise chain of a fire settle before the
 * clock moves on.
 */
export async function runScheduler(options: {
  zone: string;
  schedules: Array<{ cron: string; channel: string }>;
  from: Date;
  to: Date;
  syncEveryMs?: number;
}): Promise<Run> {
  const clock = FakeTimers.install({
    now: options.from,
    toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'],
    shouldClearNativeTimers: true,
  });
  const shared = new SharedClock(options.from.toISOString());
  const poster = new RecordingPoster(shared.now);
  try {
    const h = await harness(shared, {
      schedules: options.schedules.map((s) => ({
        kind: 'readiness',
        deployment: 'prod',
        cron: s.cron,
        timezone: options.zone,
        channel: s.channel,
      })),
    });
    try {
      const scheduler = createScheduler({
        services: h.services,
        poster,
        readiness: readinessOver(h.services, healthy),
        // The sync tick also runs at least every half lease (to take over a dead replica's fires); a
        // lease of twice the asked cadence keeps the sync at that cadence, so the timers are what is tested.
        ...(options.syncEveryMs === undefined
          ? {}
          : { syncEveryMs: options.syncEveryMs, leaseMs: 2 * options.syncEveryMs }),
      });
      await scheduler.start();
      try {
        await clock.tickAsync(options.to.getTime() - options.from.getTime());
      } finally {
        await scheduler.stop();
      }
    } finally {
      await close(h);
    }
  } finally {
    clock.uninstall();
  }
  const to = (channel: string) => poster.to(channel);
  return {
    perDate(channel) {
      const counts = new Map<string, number>();
      for (const p of to(channel)) {
        const date = localTime(p.at, options.zone).slice(0, 10);
        counts.set(date, (counts.get(date) ?? 0) + 1);
      }
      return counts;
    },
    arrivals: (channel) => to(channel).map((p) => localTime(p.at, options.zone)),
    on: (channel, date) =>
      to(channel)
        .filter((p) => localTime(p.at, options.zone).startsWith(date))
        .map((p) => ({ at: p.at.toISOString(), scheduledAt: p.reply.data?.scheduledAt })),
  };
}

/** The instant local midnight begins `date` (`YYYY-MM-DD`) in `zone`. */
export function localMidnight(date: string, zone: string): Date {
  const around = new Date(`${date}T00:00:00Z`);
  const slot = new CronSchedule('0 0 * * *', zone)
    .slotsBetween(new Date(around.getTime() - 2 * 86_400_000), new Date(around.getTime() + 2 * 86_400_000))
    .find((s) => s.date === date);
  if (!slot) throw new Error(`no midnight on ${date} in ${zone}`);
  return slot.at;
}

/** `YYYY-MM-DD` shifted by whole days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
