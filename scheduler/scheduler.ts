import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { createTask, type ScheduledTask } from 'node-cron';
import { type CollectCertificates, certificatesVia } from '../src/certs/collect.js';
import { defaultCollect } from '../src/checks/collector.js';
import { runReadiness } from '../src/checks/run.js';
import type { Poster } from '../src/reply/post.js';
import { checkSchedule } from '../src/schedule/check.js';
import type { Services } from '../src/services.js';
import type { Subscription } from '../src/store/subscriptions.js';
import { createCertJob } from './certs.js';
import { DEFAULT_GRACE_MS, groupKey, RunCoordinator } from './coordinator.js';
import { createDigestJob, type DigestReadiness } from './digest.js';
import { type PostHealth, Posting } from './posting.js';

export interface SchedulerOptions {
  services: Services;
  /** The adapters' neutral post; the scheduler never sees a chat SDK. */
  poster: Poster;
  /** The readiness service for digests; default: `runReadiness` over the snapshot collector. */
  readiness?: DigestReadiness;
  /** The certificate reader for warnings; default: the snapshot collector's `certificates` part. */
  certificates?: CollectCertificates;
  /** Days left at which a certificate is announced; default 90, 60, 30, 14, 7, 3, 1. */
  ladder?: readonly number[];
  /** Per-target post outcomes for /healthz; default: services.telemetry. */
  health?: PostHealth;
  /** How late a missed fire may still run; default one hour. */
  graceMs?: number;
  /**
   * How long a claim on a running fire holds without renewal (default: config `scheduler.leaseMs`, one
   * minute). A replica that died mid-fire has it taken over within about one and a half of this.
   */
  leaseMs?: number;
  /** How often the store is re-read for subscriptions made in chat (on any replica); default 60 s. */
  syncEveryMs?: number;
  /**
   * Arm node-cron's timers (default true). Off, nothing fires by itself: whoever drives the clock calls
   * a task's `execute()` or `fire()` — the tests, with an injected clock.
   */
  timers?: boolean;
  /** This replica's name in the claims; default host:pid:random. */
  owner?: string;
}

export interface Scheduler {
  /** Syncs `schedules` from config into the store, arms a task per schedule, runs due missed fires. */
  start(): Promise<void>;
  /**
   * Stops the timers and takes no new fires; lets running jobs finish within `graceMs` (default 0),
   * then stops the rest and gives their claims back. Returns how many were stopped unfinished.
   */
  stop(graceMs?: number): Promise<{ released: number }>;
  /** Re-reads subscriptions (chat ones from any replica), adds and removes tasks, catches up. */
  sync(): Promise<void>;
  /** Runs one fire now (claimed like any other): for tests and for a manual "run it now". */
  fire(subscriptions: Subscription | readonly Subscription[], scheduledAt: Date): Promise<Subscription[]>;
  /** The node-cron task of each schedule, by group (kind|deployment|cron|timezone). */
  tasks(): ReadonlyMap<string, ScheduledTask>;
  /** The task a subscription fires through. */
  taskOf(subscriptionId: string): ScheduledTask | undefined;
  readonly coordinator: RunCoordinator;
}

interface Group {
  task: ScheduledTask;
  /** Replaced at each sync; the task reads it when it fires. */
  members: { subscriptions: Subscription[] };
  /** Armed for a slot node-cron's timer does not fire on time (see `armSlotTimer`). */
  slotTimer?: NodeJS.Timeout | undefined;
}

/** Timers wake at least daily and re-check, like node-cron's own (a long timeout drifts with the clock). */
const MAX_TIMER_MS = 86_400_000;

export function createScheduler(options: SchedulerOptions): Scheduler {
  const { services } = options;
  const log = services.log.child({ component: 'scheduler' });
  const posting = new Posting(options.poster, options.health ?? services.telemetry, log, {
    fireClaims: services.store.fireClaims,
    clock: services.clock,
  });
  const readiness: DigestReadiness =
    options.readiness ??
    ((deployment, signal) =>
      runReadiness({
        services,
        collect: defaultCollect,
        deployment,
        actor: 'scheduler',
        trigger: 'schedule',
        record: true,
        signal,
      }));
  const coordinator = new RunCoordinator({
    store: services.store,
    clock: services.clock,
    log,
    owner: options.owner ?? `${hostname()}:${process.pid}:${randomBytes(2).toString('hex')}`,
    graceMs: options.graceMs ?? DEFAULT_GRACE_MS,
    leaseMs: options.leaseMs ?? services.config.scheduler.leaseMs,
    jobs: {
      readiness: createDigestJob(services, posting, readiness),
      certs: createCertJob(services, posting, {
        collect: options.certificates ?? certificatesVia(services, defaultCollect),
        ...(options.ladder === undefined ? {} : { ladder: options.ladder }),
      }),
    },
  });
  const timers = options.timers ?? true;
  const groups = new Map<string, Group>();
  let syncTimer: NodeJS.Timeout | undefined;
  let stopped = false;

  /**
   * node-cron fires each slot at the instant it computes, which is the slot's own instant except across
   * DST: east of UTC it fires a repeated time at its second occurrence, and a time skipped by a
   * spring-forward never. For such a slot this arms a timer at the slot's instant, running it through
   * the same `dueFire` as the catch-up; node-cron's later fire (if any) maps to the same, claimed slot.
   */
  function armSlotTimer(group: Group, sub: Subscription): void {
    clearTimeout(group.slotTimer);
    group.slotTimer = undefined;
    if (!timers || stopped) return;
    const now = services.clock();
    const slot = coordinator.schedule(sub).nextSlot(now);
    if (!slot || group.task.getNextRun()?.getTime() === slot.at.getTime()) return;
    group.slotTimer = setTimeout(
      () => {
        const at = coordinator.dueFire(sub, services.clock());
        armSlotTimer(group, sub);
        if (at?.getTime() === slot.at.getTime()) {
          coordinator
            .fire(group.members.subscriptions, at)
            .catch((error) => log.error({ err: error }, 'scheduled fire failed'));
        }
      },
      Math.min(Math.max(0, slot.at.getTime() - now.getTime()), MAX_TIMER_MS),
    );
    group.slotTimer.unref();
  }

  function newGroup(key: string, sub: Subscription): Group {
    const members: Group['members'] = { subscriptions: [] };
    const task = createTask(
      sub.cron,
      async (ctx) => {
        // node-cron's timer instant is only a hint: the coordinator maps it to the slot (a repeated time's
        // second occurrence is the same slot as its first, already claimed if the catch-up ran it). An
        // `execute()` (tests, manual) means "the slot due now" by our clock.
        const timerSlot = ctx.execution?.reason === 'scheduled' ? ctx.date : undefined;
        const at = coordinator.dueFire(sub, services.clock(), timerSlot);
        if (timerSlot) armSlotTimer(group, sub);
        if (at) await coordinator.fire(members.subscriptions, at);
      },
      { timezone: sub.timezone, noOverlap: true, name: `ise-chatops:${key}`, missedExecutionTolerance: 5000 },
    );
    // A timer that woke too late (a blocked event loop, a suspended VM): still run it within the grace.
    task.on('execution:missed', (ctx) => {
      void coordinator
        .catchUp(members.subscriptions)
        .catch((error) => log.error({ err: error }, 'catch-up failed'));
      log.warn({ schedule: key, slot: ctx.date.toISOString() }, 'a timer fired late; caught up');
    });
    const group: Group = { task, members };
    if (timers) void task.start();
    return group;
  }

  async function sync(): Promise<void> {
    if (stopped) return;
    const subs = (await services.store.subscriptions.list()).filter((s) => {
      const problem = checkSchedule(s.cron, s.timezone, services.clock());
      if (problem.ok) return true;
      log.error(
        { subscription: s.id, cron: s.cron, timezone: s.timezone, problem: problem.problem },
        'subscription ignored',
      );
      return false;
    });
    // Stopped while reading: no tasks armed after stop() took them down.
    if (stopped) return;
    const wanted = new Map<string, Subscription[]>();
    for (const s of subs) wanted.set(groupKey(s), [...(wanted.get(groupKey(s)) ?? []), s]);
    for (const [key, group] of groups) {
      if (wanted.has(key)) continue;
      clearTimeout(group.slotTimer);
      await group.task.destroy();
      groups.delete(key);
    }
    for (const [key, list] of wanted) {
      const group = groups.get(key) ?? newGroup(key, list[0] as Subscription);
      group.members.subscriptions = list;
      groups.set(key, group);
      armSlotTimer(group, list[0] as Subscription);
    }
    await coordinator.catchUp(subs);
  }

  return {
    coordinator,
    async start() {
      const { config } = services;
      const entries = config.schedules.filter((s) => {
        const problem = checkSchedule(s.cron, s.timezone, services.clock());
        if (!problem.ok) log.error({ schedule: s, problem: problem.problem }, 'schedule in config ignored');
        return problem.ok;
      });
      await services.store.subscriptions.syncConfig(entries, services.clock());
      await services.store.fireClaims
        .prune(new Date(services.clock().getTime() - 30 * 86_400_000))
        .catch((error) => log.warn({ err: error }, 'could not prune old fire claims'));
      await sync();
      if (timers && !stopped) {
        // Also the look-out for claims a dead replica left: at least twice per lease.
        syncTimer = setInterval(
          () => {
            sync().catch((error) => log.error({ err: error }, 'subscription sync failed'));
          },
          Math.min(options.syncEveryMs ?? 60_000, coordinator.leaseMs / 2),
        );
        syncTimer.unref();
      }
      log.info({ schedules: groups.size }, 'scheduler started');
    },
    async stop(graceMs = 0) {
      stopped = true;
      if (syncTimer) clearInterval(syncTimer);
      for (const group of groups.values()) {
        clearTimeout(group.slotTimer);
        await group.task.destroy();
      }
      groups.clear();
      return coordinator.stop(graceMs);
    },
    sync,
    fire: (subscriptions, scheduledAt) => coordinator.fire(subscriptions, scheduledAt),
    tasks: () => new Map([...groups].map(([k, g]) => [k, g.task])),
    taskOf(id) {
      for (const g of groups.values()) if (g.members.subscriptions.some((s) => s.id === id)) return g.task;
      return undefined;
    },
  };
}
