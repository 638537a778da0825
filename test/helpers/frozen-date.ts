import { mock } from 'node:test';

/**
 * Stops the real `Date` at `at` for the rest of the test (timers keep running), for code that reads the
 * wall clock itself and takes no injected clock: node-cron's next-run computations. The project's own
 * code takes a `Clock` (test/scheduler/helpers.ts FakeClock); this is only for third-party code.
 */
export function freezeDate(t: { teardown(fn: () => void): void }, at: Date): void {
  mock.timers.enable({ apis: ['Date'], now: at });
  t.teardown(() => mock.timers.reset());
}
