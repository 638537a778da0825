import { setMaxListeners } from 'node:events';
import type { Logger } from '../src/log.js';
import { CronSchedule, type Slot } from '../src/schedule/cron.js';
import type { Store } from '../src/store/store.js';
import type { Subscription } from '../src/store/subscriptions.js';
import type { Clock } from '../src/util/time.js';

/** What a kind of subscription does when it fires: the readiness digest, the certificate warnings. */
export interface Job {
  /** `subscriptions` share kind, deployment and schedule; each is one target channel. */
  run(subscriptions: readonly Subscription[], scheduledAt: Date, signal: AbortSignal): Promise<void>;
}

export interface CoordinatorOptions {
  store: Store;
  clock: Clock;
  log: Logger;
  /** This replica, in the claims (which replica ran which fire). */
  owner: string;
  jobs: Record<Subscription['kind'], Job>;
  /** A fire missed by less than this (downtime, a late timer) still runs, once; older ones are skipped. */
  graceMs: number;
  /** How far back a missed fire is looked for at all. */
  lookbackMs?: number;
}

/** One hour: a digest an hour late is still today's digest; one from last night is not. */
export const DEFAULT_GRACE_MS = 3_600_000;
const DEFAULT_LOOKBACK_MS = 7 * 86_400_000;

/**
 * Makes each fire (subscription × slot: a local date and time in the subscription's zone) run exactly
 * once across every replica sharing the store: whoever inserts the claim first runs it, everyone else
 * passes. A slot is claimed under its one instant (`Slot.at`), whichever path found it. The node-cron
 * timers, the catch-up at start and tests all come through `fire`.
 */
export class RunCoordinator {
  readonly #schedules = new Map<string, CronSchedule>();
  readonly #running = new Set<Promise<unknown>>();
  readonly #abort = new AbortController();

  constructor(private readonly options: CoordinatorOptions) {
    // Every ISE call and SSH command of a running digest watches this signal: dozens at once (as for
    // a command's signal in the dispatcher). Not a leak; without this Node warns on each digest.
    setMaxListeners(1000, this.#abort.signal);
  }

  schedule(sub: Pick<Subscription, 'cron' | 'timezone'>): CronSchedule {
    const key = `${sub.cron}\n${sub.timezone}`;
    let schedule = this.#schedules.get(key);
    if (!schedule) {
      schedule = new CronSchedule(sub.cron, sub.timezone);
      this.#schedules.set(key, schedule);
    }
    return schedule;
  }

  /**
   * Which slot a fire is: the one answer the node-cron timer, the catch-up and a manual run all use, so
   * they claim the same key (the slot's instant) for the same local date and time. `timerSlot` is the
   * instant node-cron's timer fired for; across a fall-back that can be the repeated time's second
   * occurrence, which still names the same slot (due whatever the grace: the timer says it is now).
   * Without it: the latest slot whose instant is at or before `now`, within the grace window; that is
   * how a local time skipped by a spring-forward (node-cron never fires it) comes due.
   */
  dueSlot(sub: Pick<Subscription, 'cron' | 'timezone'>, now: Date, timerSlot?: Date): Slot | undefined {
    const schedule = this.schedule(sub);
    const named = timerSlot && schedule.slotAt(timerSlot);
    return named || schedule.latestSlotAtOrBefore(now, this.options.graceMs);
  }

  /** The instant of the slot `dueSlot` names: the `scheduledAt` a fire is claimed and run under. */
  dueFire(sub: Pick<Subscription, 'cron' | 'timezone'>, now: Date, timerSlot?: Date): Date | undefined {
    return this.dueSlot(sub, now, timerSlot)?.at;
  }

  /**
   * Runs the fire at `scheduledAt` for whichever of `subscriptions` this replica claims. Returns the
   * ones it ran. The job's failure is logged and recorded on the claims; it is not retried (a retry on
   * another replica could post twice).
   */
  async fire(
    subscriptions: Subscription | readonly Subscription[],
    scheduledAt: Date,
  ): Promise<Subscription[]> {
    const { store, clock, log, owner } = this.options;
    const subs = (Array.isArray(subscriptions) ? subscriptions : [subscriptions]) as Subscription[];
    const claimed: Subscription[] = [];
    for (const sub of subs) {
      // A subscription made after this fire's time did not ask for it.
      if (scheduledAt < sub.createdAt) continue;
      if (await store.fireClaims.claim(sub.id, scheduledAt, owner, clock())) claimed.push(sub);
    }
    const first = claimed[0];
    if (!first) return [];
    const job = this.options.jobs[first.kind];
    const fireLog = log.child({
      fire: scheduledAt.toISOString(),
      kind: first.kind,
      deployment: first.deployment,
    });
    fireLog.info({ subscriptions: claimed.map((s) => s.id) }, 'scheduled job started');
    // A signal of its own per run: ISE facts memoised per run (the release) key on it (issue 14 item 4).
    const runSignal = AbortSignal.any([this.#abort.signal]);
    setMaxListeners(1000, runSignal);
    const work = job
      .run(claimed, scheduledAt, runSignal)
      .then(() => 'ok' as const)
      .catch((error: unknown) => {
        fireLog.error({ err: error }, 'scheduled job failed');
        return 'failed' as const;
      });
    this.#running.add(work);
    try {
      const outcome = await work;
      for (const sub of claimed) await store.fireClaims.finish(sub.id, scheduledAt, outcome);
      fireLog.info({ outcome }, 'scheduled job finished');
    } finally {
      this.#running.delete(work);
    }
    return claimed;
  }

  /**
   * After a start (or any time): runs each subscription's due fire if nobody has, and notes fires missed
   * beyond the grace window as skipped — logged, and recorded so no replica reports them again.
   */
  async catchUp(subscriptions: readonly Subscription[]): Promise<void> {
    const { store, clock, log, owner, graceMs } = this.options;
    const now = clock();
    const due = new Map<string, { at: Date; subs: Subscription[] }>();
    for (const sub of subscriptions) {
      const schedule = this.schedule(sub);
      const latest = await store.fireClaims.latest(sub.id);
      const since = Math.max(
        latest?.fireAt.getTime() ?? 0,
        sub.createdAt.getTime() - 1,
        now.getTime() - (this.options.lookbackMs ?? DEFAULT_LOOKBACK_MS),
      );
      const stale = schedule.between(new Date(since), new Date(now.getTime() - graceMs - 1));
      const last = stale.at(-1);
      if (last && (await store.fireClaims.skip(sub.id, last, owner, now))) {
        log.warn(
          { subscription: sub.id, missed: stale.length, latest: last.toISOString(), graceMs },
          'missed scheduled fires older than the grace window were skipped (the bot was not running)',
        );
      }
      const at = this.dueFire(sub, now);
      if (at && at.getTime() > since) {
        const key = `${groupKey(sub)}\n${at.getTime()}`;
        const entry = due.get(key) ?? { at, subs: [] };
        entry.subs.push(sub);
        due.set(key, entry);
      }
    }
    await Promise.all([...due.values()].map((d) => this.fire(d.subs, d.at)));
  }

  /** Aborts running jobs (their ISE calls take the signal) and waits for them to settle. */
  async stop(): Promise<void> {
    this.#abort.abort(new Error('the scheduler is stopping'));
    await Promise.allSettled([...this.#running]);
  }
}

/** Subscriptions that fire together and share one run of the service: same kind, deployment, schedule. */
export function groupKey(sub: Pick<Subscription, 'kind' | 'deployment' | 'cron' | 'timezone'>): string {
  return [sub.kind, sub.deployment, sub.cron.trim(), sub.timezone].join('|');
}
