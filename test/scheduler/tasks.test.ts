import test from 'ava';
import { createScheduler } from '../../scheduler/scheduler.js';
import { CronSchedule } from '../../src/schedule/cron.js';
import { freezeDate } from '../helpers/frozen-date.js';
import { close, FakeClock, harness, RecordingPoster } from './helpers.js';

test('each schedule gets a started node-cron task in its zone; chat subscriptions join and leave on sync', async (t) => {
  // node-cron computes its next run from the wall clock: stopped at the fake clock's instant, so the
  // expected next run cannot move between the two computations.
  const clock = new FakeClock('2026-11-30T23:59:59.900Z');
  freezeDate(t, clock.now());
  const schedule = {
    kind: 'certs',
    deployment: 'prod',
    cron: '0 9 * * *',
    timezone: 'Asia/Tokyo',
    channel: 'slack:C1',
  };
  const h = await harness(clock, { schedules: [schedule] });
  t.teardown(() => close(h));
  const scheduler = createScheduler({
    services: h.services,
    poster: new RecordingPoster(clock.now),
    certificates: async () => ({ state: 'ok', value: [], source: 'test' }),
  });
  await scheduler.start();
  t.teardown(() => scheduler.stop());
  const [task] = scheduler.tasks().values();
  t.is(task?.getStatus(), 'idle', 'armed');
  t.deepEqual(task?.getNextRun(), new CronSchedule('0 9 * * *', 'Asia/Tokyo').next(clock.now()));

  const { subscription } = await h.services.store.subscriptions.add(
    { ...schedule, kind: 'readiness', cron: '30 7 * * 1-5', createdBy: 'slack:U1' },
    clock.now(),
  );
  await scheduler.sync();
  t.is(scheduler.tasks().size, 2);
  t.truthy(scheduler.taskOf(subscription.id));
  await h.services.store.subscriptions.remove(subscription.id);
  await scheduler.sync();
  t.is(scheduler.tasks().size, 1);
  t.is(scheduler.taskOf(subscription.id), undefined);

  await scheduler.stop();
  t.is(task?.getStatus(), 'destroyed');
});
