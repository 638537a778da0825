import { setMaxListeners } from 'node:events';
import type { Logger } from '../src/log.js';
import { CronSchedule, type Slot } from '../src/schedule/cron.js';
import type { ClaimResult, FireOutcome, FireRef } from '../src/store/fire-claims.js';
import type { Store } from '../src/store/store.js';
import type { Subscription } from '../src/store/subscriptions.js';
import type { Clock } from '../src/util/time.js';

/** What a kind of subscription does when it fires: the readiness digest, the certificate warnings. */
export interface Job {
  /**
   * `subscriptions` share kind, deployment and schedule; each is one target channel. `fire` keys the
   * per-channel post records (Posting.postOnce). Aborted on shutdown or a lost lease: the job then
   * throws (its claim is given back) and posts nothing about having been stopped.
   */
  run(
    subscriptions: readonly Subscription[],
    scheduledAt: Date,
    signal: AbortSignal,
    fire: FireRef,
  ): Promise<FireOutcome | undefined>;
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
  /** How long a claim holds without renewal; renewed every third of it while the job runs. */
  leaseMs?: number;
  /** How far back a missed fire is looked for at all. */
  lookbackMs?: number;
}

/** One hour: a digest an hour late is still today's digest; one from last night is not. */
export const DEFAULT_GRACE_MS = 3_600_000;
/** A minute: a dead replica's fire is taken over about a minute after its last renewal. */
export const DEFAULT_LEASE_MS = 60_000;
const DEFAULT_LOOKBACK_MS = 7 * 86_400_000;

/** Why a run was stopped without an outcome: its claim is given back (or already someone else's). */
export class RunReleased extends Error {
  constructor(readonly why: 'shutdown' | 'lease lost') {
    super(why === 'shutdown' ? 'the scheduler is stopping' : 'the claim on this fire was lost');
  }
}

interface Running {
  controller: AbortController;
  done: Promise<unknown>;
}

/**
 * Makes each fire (one schedule × one slot, shared by all its subscriptions) run at least once and post
 * at most once per channel across every replica sharing the store. Whoever inserts the claim runs it and
 * renews its lease; a claim whose lease ran out with no outcome is taken over by the next replica that
 * looks (every sync tick, every start) while the fire is within the grace window. The node-cron timers,
 * the catch-up and tests all come through `fire`. A slot (a local date and time in the schedule's zone)
 * is claimed under its one instant (`Slot.at`), whichever path found it.
 */
export class RunCoordinator {
  readonly #schedules = new Map<string, CronSchedule>();
  readonly #running = new Map<string, Running>();
  #stopping = false;

  constructor(private readonly options: CoordinatorOptions) {}

  get leaseMs(): number {
    return this.options.leaseMs ?? DEFAULT_LEASE_MS;
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
   * Runs the fire at `scheduledAt` if this replica claims it (or takes over an expired claim), for
   * every subscription of that fire; returns the subscriptions it ran for. Subscriptions of several
   * schedules are split into one fire per schedule.
   */
  async fire(
    subscriptions: Subscription | readonly Subscription[],
    scheduledAt: Date,
  ): Promise<Subscription[]> {
    const subs = (Array.isArray(subscriptions) ? subscriptions : [subscriptions]) as Subscription[];
    const bySchedule = new Map<string, Subscription[]>();
    // A subscription made after this fire's time did not ask for it.
    for (const s of subs.filter((s) => scheduledAt >= s.createdAt))
      bySchedule.set(groupKey(s), [...(bySchedule.get(groupKey(s)) ?? []), s]);
    const ran = await Promise.all(
      [...bySchedule].map(([schedule, members]) => this.#fireOne({ schedule, fireAt: scheduledAt }, members)),
    );
    return ran.flat();
  }

  async #fireOne(fire: FireRef, subs: Subscription[]): Promise<Subscription[]> {
    const { store, clock, log, owner } = this.options;
    const key = `${fire.schedule}\n${fire.fireAt.getTime()}`;
    // Not while stopping, and never twice at once in this process (our own lease may look expired
    // after a blocked event loop).
    if (this.#stopping || this.#running.has(key)) return [];
    const claim = await store.fireClaims.claim(fire, owner, clock(), this.leaseMs);
    if (!claim || this.#stopping) {
      if (claim) await store.fireClaims.release(fire, owner, clock()).catch(() => {});
      return [];
    }
    const controller = new AbortController();
    // Every ISE call and SSH command of a running digest watches this signal: dozens at once. Not a
    // leak; without this Node warns on each digest.
    setMaxListeners(1000, controller.signal);
    let settle = () => {};
    // Settles once the outcome is written or the claim given back, for stop() to wait on. Registered
    // at once: a stop() from here on waits for this fire (or stops it and gives it back).
    const done = new Promise<void>((resolve) => {
      settle = resolve;
    });
    this.#running.set(key, { controller, done });
    const renewal = setInterval(() => {
      store.fireClaims.renew(fire, owner, clock(), this.leaseMs).then(
        (held) => {
          if (!held) controller.abort(new RunReleased('lease lost'));
        },
        // The store may be down for a moment; the lease still has two thirds to run.
        (error: unknown) => log.warn({ err: error }, 'could not renew the claim on a running fire'),
      );
    }, this.leaseMs / 3);
    renewal.unref();
    let members: Subscription[] = [];
    try {
      // The fire is the schedule's, not this replica's view of it: every subscription of it in the
      // store (one made on another replica since our last sync too), one run, one post per channel.
      members = await store.subscriptions.list().then(
        (all) => all.filter((s) => groupKey(s) === fire.schedule && s.createdAt <= fire.fireAt),
        () => subs,
      );
      const outcome = await this.#run(fire, claim, members, controller);
      if (outcome) {
        await store.fireClaims.finish(fire, owner, outcome, clock());
        log.info(
          {
            fire: fire.fireAt.toISOString(),
            kind: members[0]?.kind,
            deployment: members[0]?.deployment,
            outcome,
          },
          'scheduled job finished',
        );
      }
    } catch (error) {
      // The store is down: the lease runs out and another replica (or this one) takes the fire over.
      log.error(
        { err: error, fire: fire.fireAt.toISOString() },
        'could not record the end of a scheduled job',
      );
    } finally {
      clearInterval(renewal);
      this.#running.delete(key);
      settle();
    }
    return members;
  }

  /** Runs the job of a claimed fire; the outcome to record, or undefined when the claim was given up. */
  async #run(
    fire: FireRef,
    claim: ClaimResult,
    members: Subscription[],
    controller: AbortController,
  ): Promise<FireOutcome | undefined> {
    const { store, clock, log, owner } = this.options;
    const first = members[0];
    if (!first) return 'skipped';
    const fireLog = log.child({
      fire: fire.fireAt.toISOString(),
      kind: first.kind,
      deployment: first.deployment,
    });
    if (claim.how === 'taken-over')
      fireLog.warn(
        { previousOwner: claim.from },
        'scheduled fire taken over: the replica that claimed it stopped without finishing it',
      );
    fireLog.info({ subscriptions: members.map((s) => s.id), owner }, 'scheduled job started');
    try {
      controller.signal.throwIfAborted();
      return (
        (await this.options.jobs[first.kind].run(members, fire.fireAt, controller.signal, fire)) ?? 'posted'
      );
    } catch (error) {
      const reason = controller.signal.aborted ? controller.signal.reason : undefined;
      if (!(reason instanceof RunReleased)) {
        fireLog.error({ err: error }, 'scheduled job failed');
        return 'failed';
      }
      if (reason.why === 'shutdown') {
        await store.fireClaims.release(fire, owner, clock());
        fireLog.warn(
          'scheduled job stopped unfinished at shutdown; its claim is given back for another replica or the next start',
        );
      } else fireLog.warn('scheduled job stopped: another replica took over its claim');
      return undefined;
    }
  }

  /**
   * After a start and on every sync tick: per schedule, takes over fires whose claim was abandoned
   * (lease out, no outcome) within the grace window, runs the due fire if nobody has, and notes fires
   * missed beyond the grace window as skipped, logged and recorded so no replica reports them again.
   */
  async catchUp(subscriptions: readonly Subscription[]): Promise<void> {
    const bySchedule = new Map<string, Subscription[]>();
    for (const s of subscriptions) bySchedule.set(groupKey(s), [...(bySchedule.get(groupKey(s)) ?? []), s]);
    await Promise.all([...bySchedule].map(([schedule, subs]) => this.#catchUpOne(schedule, subs)));
  }

  async #catchUpOne(schedule: string, subs: Subscription[]): Promise<void> {
    const { store, clock, log, owner, graceMs } = this.options;
    const now = clock();
    const sub = subs[0] as Subscription;
    const createdAt = Math.min(...subs.map((s) => s.createdAt.getTime()));
    const latest = await store.fireClaims.latest(schedule);
    const since = Math.max(
      latest?.fireAt.getTime() ?? 0,
      createdAt - 1,
      now.getTime() - (this.options.lookbackMs ?? DEFAULT_LOOKBACK_MS),
    );
    const stale = this.schedule(sub).between(new Date(since), new Date(now.getTime() - graceMs - 1));
    const last = stale.at(-1);
    if (last && (await store.fireClaims.skip({ schedule, fireAt: last }, owner, now))) {
      log.warn(
        {
          schedule,
          subscriptions: subs.map((s) => s.id),
          missed: stale.length,
          latest: last.toISOString(),
          graceMs,
        },
        'missed scheduled fires older than the grace window were skipped (the bot was not running)',
      );
    }
    const fires: Date[] = [];
    for (const lost of await store.fireClaims.abandoned(schedule, now)) {
      if (lost.fireAt.getTime() >= now.getTime() - graceMs) fires.push(lost.fireAt);
      else if (await store.fireClaims.abandon(lost, now))
        log.warn(
          { schedule, fire: lost.fireAt.toISOString(), owner: lost.owner, graceMs },
          'a scheduled fire left unfinished by its replica was not taken over within the grace window; skipped',
        );
    }
    const due = this.dueFire(sub, now);
    if (due && due.getTime() > since) fires.push(due);
    for (const at of fires) await this.fire(subs, at);
  }

  /**
   * Takes no new fires; lets running jobs finish within `graceMs`; then stops the rest (their ISE
   * calls take the signal) and gives their claims back. Returns how many were stopped unfinished.
   */
  async stop(graceMs = 0): Promise<{ released: number }> {
    this.#stopping = true;
    const running = [...this.#running.values()];
    const settled = Promise.allSettled(running.map((r) => r.done));
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      settled.then(() => true),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), graceMs);
      }),
    ]);
    clearTimeout(timer);
    if (finished) return { released: 0 };
    const left = [...this.#running.values()];
    for (const r of left) r.controller.abort(new RunReleased('shutdown'));
    // Each stopped run gives its claim back as it unwinds (#fireOne's catch), then settles.
    await Promise.allSettled(left.map((r) => r.done));
    return { released: left.length };
  }
}

/** Subscriptions that fire together and share one run of the service: same kind, deployment, schedule. */
export function groupKey(sub: Pick<Subscription, 'kind' | 'deployment' | 'cron' | 'timezone'>): string {
  return [sub.kind, sub.deployment, sub.cron.trim(), sub.timezone].join('|');
}
