import type { CollectCertificates } from '../src/certs/collect.js';
import { DEFAULT_LADDER, ladderStep } from '../src/certs/ladder.js';
import { certSlot } from '../src/certs/slot.js';
import { byReadableExpiry } from '../src/checks/certificates.js';
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
}

/**
 * Certificate-expiry warnings: one read of the deployment's certificates per fire, then per channel
 * (each on its own, Promise.allSettled) the renewals to announce and the ladder rungs not yet told.
 * Every message is claimed in the store before it is posted, so restarts and replicas never repeat
 * one; a post that fails gives its claim back, so the next fire tries again.
 */
export function createCertJob(services: Services, posting: Posting, options: CertJobOptions): Job {
  const ladder = options.ladder ?? DEFAULT_LADDER;
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
        (channel) => warnChannel({ services, posting, ladder }, channel, deployment, read, now),
      );
      return ok.length === 0 ? 'failed' : 'posted';
    },
  };
}

interface Ctx {
  services: Services;
  posting: Posting;
  ladder: readonly number[];
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
  await announceRenewals(ctx, channel, deployment, byFingerprint(read.value), now);
  const { dated: datedCerts, undated } = byReadableExpiry(read.value);
  await announceUnreadable(ctx, channel, deployment, undated, now);
  const dated = byFingerprint(datedCerts);
  for (const group of [...dated.values()].sort((a, b) => notAfter(a) - notAfter(b))) {
    const cert = group.certs[0] as DatedCertificate;
    const step = ladderStep(cert.notAfter, now, ctx.ladder);
    if (step === undefined) continue;
    const alert = { channel, deployment, cert, fingerprint: group.fingerprint, threshold: step, now };
    const posted = await claimAndPost(ctx, alert, () => warningReply(deployment, group, step, now));
    if (posted?.thread) await alerts.setThread(channel, group.fingerprint, step, posted.thread);
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
    await alerts.release(channel, fingerprint, threshold);
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

/** Certificates warned about that are gone: renewed (same slot, new fingerprint) or removed. */
async function announceRenewals(
  ctx: Ctx,
  channel: string,
  deployment: string,
  groups: Map<string, CertGroup<CertificateInfo>>,
  now: Date,
): Promise<void> {
  const alerts = ctx.services.store.certAlerts;
  const open = await alerts.open(channel, deployment);
  const bySlot = new Map<string, CertificateInfo>();
  for (const g of groups.values()) for (const c of g.certs) bySlot.set(certSlot(c), c);
  const gone = new Map<string, (typeof open)[number]>();
  // `open` is newest first: the first row per fingerprint carries the latest thread to answer in.
  for (const a of open)
    if (!groups.has(a.fingerprint) && !gone.has(a.fingerprint)) gone.set(a.fingerprint, a);
  for (const alert of gone.values()) {
    const thread = open.find((a) => a.fingerprint === alert.fingerprint && a.thread !== undefined)?.thread;
    if (!(await alerts.resolve(channel, alert.fingerprint, now))) continue;
    const replacement = bySlot.get(alert.slot);
    await ctx.posting.post(
      channel,
      resolvedReply(deployment, alert.fingerprint, replacement, now),
      thread === undefined ? {} : { thread },
    );
  }
}

function byFingerprint<C extends CertificateInfo>(certs: readonly C[]): Map<string, CertGroup<C>> {
  const groups = new Map<string, CertGroup<C>>();
  for (const c of certs) {
    const g: CertGroup<C> = groups.get(c.fingerprint) ?? { fingerprint: c.fingerprint, certs: [] };
    g.certs.push(c);
    groups.set(c.fingerprint, g);
  }
  return groups;
}

const notAfter = (g: CertGroup) => (g.certs[0] as DatedCertificate).notAfter.getTime();
