import test from 'ava';
import { createScheduler } from '../../scheduler/scheduler.js';
import { CronSchedule } from '../../src/schedule/cron.js';
import { close, FakeClock, harness, RecordingPoster } from './helpers.js';

test('each schedule gets a started node-cron task in its zone; chat subscriptions join and leave on sync', async (t) => {
  const clock = new FakeClock(new Date().toISOString());
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
  t.deepEqual(task?.getNextRun(), new CronSchedule('0 9 * * *', 'Asia/Tokyo').next(new Date()));

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
