import type { CollectCertificates } from '../src/certs/collect.js';
import { identifyCertificate, shortFingerprint } from '../src/certs/identify.js';
import { muteFields, muteJson } from '../src/certs/muted.js';
import { certLabel } from '../src/certs/slot.js';
import { utc } from '../src/checks/finding.js';
import { UsageError, UserError } from '../src/errors.js';
import type { CertificateInfo } from '../src/ise/snapshot/types.js';
import { reply, section } from '../src/reply/build.js';
import type { Reply } from '../src/reply/model.js';
import type { CertMute } from '../src/store/cert-mutes.js';
import { type CommandContext, flag } from './types.js';

/** `certs mute` without `--days`; what the warnings' button asks for. */
export const DEFAULT_MUTE_DAYS = 30;
export const MAX_MUTE_DAYS = 365;
const DAY_MS = 86_400_000;

export type MuteForm = 'mute' | 'unmute';

export function muteForm(args: readonly string[]): MuteForm | undefined {
  const first = args[0]?.toLowerCase();
  return first === 'mute' || first === 'unmute' ? first : undefined;
}

/** The certificate as typed after `mute`/`unmute`: the rest of the words, so a name needs no quotes. */
function certificateArg(ctx: Pick<CommandContext, 'args'>): string {
  const named = ctx.args.slice(1).join(' ').trim();
  if (named === '') {
    throw new UsageError(
      `Name the certificate: \`certs ${muteForm(ctx.args) ?? 'mute'} <certificate>\`.`,
      'Its friendly name, subject, or fingerprint (at least 4 digits), as the warning or `certs 3650` shows it.',
    );
  }
  return named;
}

/** `--days N`: whole days from 1 to 365, 30 when not given. */
export function muteDays(ctx: Pick<CommandContext, 'flags'>): number {
  const raw = ctx.flags.days;
  if (raw === undefined) return DEFAULT_MUTE_DAYS;
  const days = Number(raw);
  if (typeof raw !== 'string' || !/^\d+$/.test(raw.trim()) || days < 1 || days > MAX_MUTE_DAYS) {
    throw new UsageError(
      `--days must be a whole number from 1 to ${MAX_MUTE_DAYS}.`,
      'For example: `certs mute "Admin ise-pan1" --days 30`',
    );
  }
  return days;
}

/**
 * The confirmation prompt of `certs mute`. Everything that can be checked without ISE is checked
 * here, before asking: a bad --days is refused at once, not after Confirm.
 */
export function mutePrompt(ctx: CommandContext): string {
  const days = muteDays(ctx);
  const named = certificateArg(ctx);
  const shown = /^[0-9a-f:]{16,}$/i.test(named) ? `the certificate ${shortFingerprint(named)}` : `"${named}"`;
  const deployment = ctx.services.deployments.get(flag(ctx, 'deployment')).name;
  return `Mute the expiry warnings about ${shown} in ${deployment} for ${days === 1 ? '1 day' : `${days} days`}? Nothing warns about it until then; \`certs\` still lists it.`;
}

/** `certs mute <certificate> [--days N] [--reason TEXT]`: admin, confirmed, audited. */
export async function muteCertificate(ctx: CommandContext, collect: CollectCertificates): Promise<Reply> {
  const days = muteDays(ctx);
  const named = certificateArg(ctx);
  const deployment = ctx.services.deployments.get(flag(ctx, 'deployment')).name;
  const { store, clock } = ctx.services;
  const reason = flag(ctx, 'reason')?.trim() || undefined;
  const audit = auditAs(ctx, 'certs.mute');
  ctx.progress(`reading the certificates of ${deployment}…`);
  const read = await collect(deployment, ctx.signal);
  if (read.state !== 'ok') {
    await audit('refused', `${deployment}/${named}`, 'certificates not readable');
    throw new UserError(
      'cert-read',
      `The certificates of ${deployment} could not be read, so the bot cannot tell which certificate "${named}" is.`,
      { hint: read.state === 'error' ? read.error : read.reason },
    );
  }
  let cert: CertificateInfo;
  try {
    cert = identifyCertificate(read.value, named);
  } catch (error) {
    await audit('refused', `${deployment}/${named}`, (error as Error).message);
    throw error;
  }
  const now = clock();
  const mute: CertMute = {
    deployment,
    fingerprint: cert.fingerprint,
    until: new Date(now.getTime() + days * DAY_MS),
    by: ctx.invocation.user,
    at: now,
    ...(reason === undefined ? {} : { reason }),
    label: certLabel(cert),
  };
  await store.certMutes.mute(mute);
  await audit(
    'ok',
    `${deployment}/${cert.fingerprint}`,
    `muted ${mute.label} until ${utc(mute.until)}${reason ? `: ${reason}` : ''}`,
  );
  return reply('cert-mute', `Muted for ${days === 1 ? '1 day' : `${days} days`}: ${mute.label}`, 'ok', {
    lead: `The scheduled warnings about this certificate in ${deployment} stop until ${utc(mute.until)}, then resume at the rung it has reached by then. \`certs\` still lists it as muted; \`certs unmute ${shortFingerprint(cert.fingerprint)}\` ends the mute sooner.`,
    sections: [section(undefined, [{ type: 'fields', fields: muteFields(mute) }])],
    context: { deployment },
    data: { mute: muteJson(mute) },
  });
}

/** `certs unmute <certificate>`: admin, audited; the warnings resume at the next scheduled run. */
export async function unmuteCertificate(ctx: CommandContext, collect: CollectCertificates): Promise<Reply> {
  const named = certificateArg(ctx);
  const deployment = ctx.services.deployments.get(flag(ctx, 'deployment')).name;
  const { store, clock } = ctx.services;
  const audit = auditAs(ctx, 'certs.unmute');
  const now = clock();
  const active = await store.certMutes.active(deployment, now);
  // A mute is found by its fingerprint without asking ISE (the certificate may be gone by now); a name
  // is looked up among the installed certificates.
  let fingerprint = mutedByPrint(active, named);
  if (fingerprint === undefined && active.length > 0) {
    const read = await collect(deployment, ctx.signal);
    if (read.state === 'ok') {
      try {
        fingerprint = identifyCertificate(read.value, named).fingerprint;
      } catch (error) {
        await audit('refused', `${deployment}/${named}`, (error as Error).message);
        throw error;
      }
    }
  }
  const ended =
    fingerprint === undefined ? undefined : await store.certMutes.unmute(deployment, fingerprint, now);
  if (!ended) {
    await audit('refused', `${deployment}/${fingerprint ?? named}`, 'not muted');
    throw new UserError('cert-not-muted', `No active mute in ${deployment} matches "${named}".`, {
      hint:
        active.length === 0
          ? `No certificate of ${deployment} is muted.`
          : `Muted now: ${active.map((m) => `${m.label} (${shortFingerprint(m.fingerprint)})`).join('; ')}.`,
    });
  }
  await audit(
    'ok',
    `${deployment}/${ended.fingerprint}`,
    `unmuted ${ended.label} (muted by ${ended.by} until ${utc(ended.until)})`,
  );
  return reply('cert-mute', `Unmuted: ${ended.label}`, 'ok', {
    lead: `The scheduled warnings about this certificate in ${deployment} resume with the next run, at the rung it has reached.`,
    context: { deployment },
    data: { unmuted: muteJson(ended) },
  });
}

function mutedByPrint(active: readonly CertMute[], named: string): string | undefined {
  const digits = (s: string) => s.toLowerCase().replace(/[\s:-]/g, '');
  const key = digits(named);
  const exact = active.find((m) => m.fingerprint === named || digits(m.fingerprint) === key);
  if (exact) return exact.fingerprint;
  if (key.length < 4 || !/^[0-9a-f]+$/.test(key)) return undefined;
  const prefixed = active.filter((m) => digits(m.fingerprint).startsWith(key));
  return prefixed.length === 1 ? prefixed[0]?.fingerprint : undefined;
}

function auditAs(ctx: CommandContext, action: string) {
  return (outcome: 'ok' | 'refused', target: string, detail: string) =>
    ctx.services.store.audit.append({
      at: ctx.services.clock(),
      actor: ctx.invocation.user,
      action,
      target,
      outcome,
      detail,
      correlationId: ctx.correlationId,
    });
}
