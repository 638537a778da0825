import type { CollectCertificates } from '../src/certs/collect.js';
import { DEFAULT_LADDER, EXPIRED_RUNG, ladderStep } from '../src/certs/ladder.js';
import { certSlot } from '../src/certs/slot.js';
import { timelineFor, withTimeline } from '../src/certs/timeline.js';
import { notWarned, quietReasons, renewals } from '../src/certs/watched.js';
import { byReadableExpiry } from '../src/checks/certificates.js';
import type { Config } from '../src/config/schema.js';
import type {
  CertificateInfo,
  DatedCertificate,
  Sourced,
  UndatedCertificate,
} from '../src/ise/snapshot/types.js';
import type { Reply } from '../src/reply/model.js';
import type { PostResult } from '../src/reply/post.js';
import type { Services } from '../src/services.js';
import {
  type CertGroup,
  collectionFailedReply,
  collectionRecoveredReply,
  expiredReminderReply,
  quietedReply,
  renewedReply,
  resolvedReply,
  unreadableReply,
  warningReply,
} from './cert-messages.js';
import type { Job } from './coordinator.js';
import type { Posting } from './posting.js';

export interface CertJobOptions {
  collect: CollectCertificates;
  /** Days left at which a channel hears about a certificate; default 90, 60, 30, 14, 7, 3, 1. */
  ladder?: readonly number[];
  /** Expired certificates still installed: a weekly reminder line in a digest; default from config (off). */
  expiredReminder?: ExpiredReminder;
}

/** `certificates.expiredReminder` in the config: off or weekly. */
export type ExpiredReminder = Config['certificates']['expiredReminder'];

/** The reminder digest comes at most once in this many (UTC) days. */
const REMINDER_EVERY_DAYS = 7;

/**
 * Certificate-expiry warnings: one read of the deployment's certificates per fire, then per channel
 * (each on its own, Promise.allSettled) the renewals to announce and the ladder rungs not yet told.
 * Every message is claimed in the store before it is posted, so restarts and replicas never repeat
 * one; a post that fails gives its claim back, so the next fire tries again.
 */
export function createCertJob(services: Services, posting: Posting, options: CertJobOptions): Job {
  const ladder = options.ladder ?? DEFAULT_LADDER;
  const reminder = options.expiredReminder ?? services.config.certificates.expiredReminder;
  return {
    async run(subscriptions, _scheduledAt, signal) {
      const first = subscriptions[0];
      if (!first) return undefined;
      const deployment = first.deployment;
      const read = await options.collect(deployment, signal);
      // A read cut short by shutdown is no "warnings are blind" news: the fire is given back instead.
      signal.throwIfAborted();
      const now = services.clock();
      const { ok } = await posting.eachTarget(
        subscriptions.map((s) => s.channel),
        (channel) => warnChannel({ services, posting, ladder, reminder }, channel, deployment, read, now),
      );
      return ok.length === 0 ? 'failed' : 'posted';
    },
  };
}

interface Ctx {
  services: Services;
  posting: Posting;
  ladder: readonly number[];
  reminder: ExpiredReminder;
}

async function warnChannel(
  ctx: Ctx,
  channel: string,
  deployment: string,
  read: Sourced<CertificateInfo[]>,
  now: Date,
): Promise<void> {
  const alerts = ctx.services.store.certAlerts;
  if (read.state !== 'ok') {
    if (!(await alerts.failureStarted(channel, deployment, now))) return;
    const reason = read.state === 'error' ? read.error : read.reason;
    try {
      await ctx.posting.post(
        channel,
        collectionFailedReply(deployment, reason, read.state === 'unavailable'),
      );
    } catch (error) {
      await alerts.failureUnannounced(channel, deployment);
      throw error;
    }
    return;
  }
  if (await alerts.failureEnded(channel, deployment)) {
    await ctx.posting.post(channel, collectionRecoveredReply(deployment, read.value.length));
  }
  // A certificate whose expiry could not be read is still there (not "renewed or removed") but has no rung.
  const installed = read.value;
  await announceRenewals(ctx, channel, deployment, installed, now);
  const { dated: datedCerts, undated } = byReadableExpiry(installed);
  await announceUnreadable(ctx, channel, deployment, undated, now);
  // Warned about: not disabled, not unused (both only when ISE said so), not renewed by another installed one.
  const quiet = quietReasons(installed);
  // Muted by an admin (`certs mute`): no rung is claimed while muted, so when the mute ends the
  // ladder resumes at the rung the certificate has reached by then; a rung told before the mute is
  // told again then, once.
  const mutes = ctx.services.store.certMutes;
  const muted = new Set((await mutes.active(deployment, now)).map((m) => m.fingerprint));
  const lifted = await mutes.ended(deployment, now);
  const watched = datedCerts.filter((c) => quiet(c) === undefined && !muted.has(c.fingerprint));
  const dated = byFingerprint(watched);
  const stillExpired: DatedCertificate[] = [];
  for (const group of [...dated.values()].sort((a, b) => notAfter(a) - notAfter(b))) {
    const cert = group.certs[0] as DatedCertificate;
    const step = ladderStep(cert.notAfter, now, ctx.ladder);
    if (step === undefined) continue;
    const alert = { channel, deployment, cert, fingerprint: group.fingerprint, threshold: step, now };
    const mute = lifted.get(group.fingerprint);
    const posted =
      (await claimAndPost(ctx, alert, () => warningReply(deployment, group, step, now))) ??
      (mute && (await retell(ctx, alert, mute.at, () => warningReply(deployment, group, step, now, true))));
    if (posted?.thread) {
      await alerts.setThread(
        { channel, deployment, fingerprint: group.fingerprint, threshold: step },
        posted.thread,
      );
    }
    if (step === EXPIRED_RUNG && !posted) stillExpired.push(cert);
  }
  if (ctx.reminder === 'weekly') await remindExpired(ctx, channel, deployment, stillExpired, now, read);
}

/**
 * The weekly reminder: expired certificates that were told "expired" before this fire (not the one
 * just posted) get a line each in one digest post, at most once a week per channel and deployment.
 */
async function remindExpired(
  ctx: Ctx,
  channel: string,
  deployment: string,
  expired: readonly DatedCertificate[],
  now: Date,
  read: Sourced<CertificateInfo[]>,
): Promise<void> {
  if (expired.length === 0) return;
  const alerts = ctx.services.store.certAlerts;
  // A week after its "expired" post at the earliest (UTC days, like the reminder's own week).
  const day = (d: Date) => Math.floor(d.getTime() / 86_400_000);
  const toldAt = new Map<string, Date>();
  for (const a of await alerts.open(channel, deployment))
    if (a.threshold === EXPIRED_RUNG) toldAt.set(a.fingerprint, a.sentAt);
  const due = expired.filter((c) => {
    const at = toldAt.get(c.fingerprint);
    return at !== undefined && day(now) - day(at) >= REMINDER_EVERY_DAYS;
  });
  if (due.length === 0) return;
  if (!(await alerts.claimReminder(channel, deployment, now, REMINDER_EVERY_DAYS))) return;
  try {
    const timeline = { ...timelineFor(ctx.services, deployment, ctx.services.log), now };
    await ctx.posting.post(
      channel,
      await withTimeline(expiredReminderReply(deployment, due, now), read, timeline),
    );
  } catch (error) {
    await alerts.reminderUnsent(channel, deployment, now);
    throw error;
  }
}

/**
 * Claims one alert row (so each channel hears of it once, whichever replica fires) and posts it;
 * undefined when another fire already claimed it. A failed post releases the claim and throws: the
 * channel is broken (archived, app removed), so the caller stops and the next fire tries again.
 */
async function claimAndPost(
  ctx: Ctx,
  alert: {
    channel: string;
    deployment: string;
    cert: CertificateInfo;
    fingerprint: string;
    threshold: number;
    now: Date;
  },
  reply: () => Reply,
): Promise<PostResult | undefined> {
  const { channel, deployment, cert, fingerprint, threshold, now } = alert;
  const alerts = ctx.services.store.certAlerts;
  const claimed = await alerts.claim({
    channel,
    fingerprint,
    threshold,
    deployment,
    node: cert.node ?? '',
    slot: certSlot(cert),
    sentAt: now,
  });
  if (!claimed) return undefined;
  try {
    return await ctx.posting.post(channel, reply());
  } catch (error) {
    await alerts.release({ channel, deployment, fingerprint, threshold });
    throw error;
  }
}

/**
 * The rung was told before a mute that has ended since (run out or lifted): told again, once per
 * channel. A failed post puts it back, so the next fire tries again.
 */
async function retell(
  ctx: Ctx,
  alert: { channel: string; deployment: string; fingerprint: string; threshold: number; now: Date },
  mutedAt: Date,
  reply: () => Reply,
): Promise<PostResult | undefined> {
  const { channel, deployment, fingerprint, threshold, now } = alert;
  const key = { channel, deployment, fingerprint, threshold };
  const alerts = ctx.services.store.certAlerts;
  if (!(await alerts.retell(key, mutedAt, now))) return undefined;
  try {
    return await ctx.posting.post(channel, reply());
  } catch (error) {
    await alerts.untell(key, mutedAt);
    throw error;
  }
}

/** The alert row of "expiry not readable": 0 is no rung of the ladder (rungs are ≥ 1, reminders ≤ -1). */
const UNREADABLE_THRESHOLD = 0;

/** Each certificate whose expiry could not be read is told once per channel, so it is not silently skipped. */
async function announceUnreadable(
  ctx: Ctx,
  channel: string,
  deployment: string,
  undated: readonly UndatedCertificate[],
  now: Date,
): Promise<void> {
  const seen = new Set<string>();
  for (const cert of undated) {
    if (seen.has(cert.fingerprint)) continue;
    seen.add(cert.fingerprint);
    const alert = {
      channel,
      deployment,
      cert,
      fingerprint: cert.fingerprint,
      threshold: UNREADABLE_THRESHOLD,
      now,
    };
    await claimAndPost(ctx, alert, () => unreadableReply(deployment, cert));
  }
}

/**
 * Certificates warned about that are over: renewed while still installed (a successor with the same
 * subject and place and a later expiry), or gone (renewed: a new certificate in the same slot; or
 * removed). Each is said once, in the thread of its latest warning, and its warnings stop.
 */
async function announceRenewals(
  ctx: Ctx,
  channel: string,
  deployment: string,
  installed: readonly CertificateInfo[],
  now: Date,
): Promise<void> {
  const alerts = ctx.services.store.certAlerts;
  const open = await alerts.open(channel, deployment);
  const byPrint = new Map<string, CertificateInfo>();
  for (const c of installed) if (!byPrint.has(c.fingerprint)) byPrint.set(c.fingerprint, c);
  const bySlot = new Map<string, CertificateInfo>();
  for (const c of installed) bySlot.set(certSlot(c), c);
  const renewalOf = renewals(installed);
  const told = new Set<string>();
  // `open` is newest first: the first row per fingerprint carries the latest thread to answer in.
  for (const alert of open) {
    if (told.has(alert.fingerprint)) continue;
    told.add(alert.fingerprint);
    const old = byPrint.get(alert.fingerprint);
    const renewal = old ? renewalOf(old, alert.slot) : undefined;
    // Disabled or unbound since it was warned about (and not renewed): its warnings end, said once.
    const quiet = old ? notWarned(old) : undefined;
    if (old && !renewal && !quiet) continue;
    const thread = open.find((a) => a.fingerprint === alert.fingerprint && a.thread !== undefined)?.thread;
    if (!(await alerts.resolve(channel, deployment, alert.fingerprint, now))) continue;
    const message =
      old?.notAfter && renewal
        ? renewedReply(deployment, old as DatedCertificate, renewal, now)
        : old && quiet
          ? quietedReply(deployment, old, quiet)
          : resolvedReply(deployment, alert.fingerprint, bySlot.get(alert.slot), now);
    try {
      await ctx.posting.post(channel, message, thread === undefined ? {} : { thread });
    } catch (error) {
      await alerts.reopen(channel, deployment, alert.fingerprint);
      throw error;
    }
  }
}

function byFingerprint<C extends DatedCertificate>(certs: readonly C[]): Map<string, CertGroup<C>> {
  const groups = new Map<string, CertGroup<C>>();
  for (const c of certs) {
    const g: CertGroup<C> = groups.get(c.fingerprint) ?? { fingerprint: c.fingerprint, certs: [] };
    g.certs.push(c);
    groups.set(c.fingerprint, g);
  }
  return groups;
}

const notAfter = (g: CertGroup) => (g.certs[0] as DatedCertificate).notAfter.getTime();
