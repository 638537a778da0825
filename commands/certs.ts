import { type CollectCertificates, certificatesVia } from '../src/certs/collect.js';
import { certificatesReply, DEFAULT_CERT_DAYS } from '../src/certs/report.js';
import { timelineFor, withTimeline } from '../src/certs/timeline.js';
import { defaultCollect } from '../src/checks/collector.js';
import type { CollectSnapshot } from '../src/checks/engine.js';
import { UsageError } from '../src/errors.js';
import type { Services } from '../src/services.js';
import { muteCertificate, muteForm, mutePrompt, unmuteCertificate } from './cert-mute.js';
import { type Command, DEPLOYMENT_FLAG, defineCommand, type FlagSpec, flag } from './types.js';

/** Certificates of every node and store expiring within DAYS; the reader is injected for tests. */
export function createCertsCommand(collect: (services: Services) => CollectCertificates): Command {
  return defineCommand({
    name: 'certs',
    summary:
      'Certificates expiring within DAYS (default 90) across all nodes and stores; `mute`/`unmute` (admin) silences the warnings about one certificate for some days',
    usage:
      'certs [DAYS | mute <certificate> [--days N] [--reason TEXT] | unmute <certificate>] [--deployment NAME]',
    examples: [
      'certs',
      'certs 30',
      'certs 365 --deployment prod',
      'certs mute "Admin and EAP - ise-psn1" --days 14 --reason "renewal ordered"',
      'certs unmute 3f2a9c41',
    ],
    role: 'viewer',
    roleFor: (args) => (muteForm(args) ? 'admin' : 'viewer'),
    sideEffects: 'store',
    confirm: { when: (args) => muteForm(args) === 'mute', prompt: mutePrompt },
    // A certificate's name may be several words: `certs mute Admin ise-pan1` needs no quotes.
    args: { min: 0, max: 12, names: '[DAYS | mute|unmute CERTIFICATE]' },
    flags: [DEPLOYMENT_FLAG, ...MUTE_FLAGS],
    async run(ctx) {
      const form = muteForm(ctx.args);
      if (form === 'mute') return muteCertificate(ctx, collect(ctx.services));
      if (form === 'unmute') return unmuteCertificate(ctx, collect(ctx.services));
      if (ctx.args.length > 1 || ctx.flags.days !== undefined || ctx.flags.reason !== undefined) {
        throw new UsageError(
          '`certs` takes one DAYS; --days and --reason belong to `certs mute`.',
          `Usage: ${ctx.commands.find((c) => c.name === 'certs')?.usage ?? 'certs [DAYS]'}`,
        );
      }
      const raw = ctx.args[0];
      const days = raw === undefined ? DEFAULT_CERT_DAYS : Number(raw);
      if (!Number.isInteger(days) || days < 0 || days > 3650) {
        throw new UsageError('DAYS must be a whole number from 0 to 3650.', 'For example: `certs 30`');
      }
      const deployment = ctx.services.deployments.get(flag(ctx, 'deployment')).name;
      ctx.progress(`reading the certificates of ${deployment}…`);
      const started = performance.now();
      const certs = await collect(ctx.services)(deployment, ctx.signal, ctx.progress);
      const now = ctx.services.clock();
      const mutes = await ctx.services.store.certMutes.active(deployment, now);
      const listed = certificatesReply(deployment, certs, days, now, mutes);
      const answer = await withTimeline(listed, certs, timelineFor(ctx.services, deployment, ctx.log));
      return {
        ...answer,
        context: { ...answer.context, durationMs: Math.round(performance.now() - started) },
      };
    },
  });
}

/** The options of `certs mute`. */
const MUTE_FLAGS: FlagSpec[] = [
  { name: 'days', value: 'N', description: 'with `mute`: how long, 1 to 365 days (default 30)' },
  {
    name: 'reason',
    value: 'TEXT',
    description: 'with `mute`: why, kept in the audit log and shown by `certs`',
  },
];

export function certsVia(collect: CollectSnapshot): (services: Services) => CollectCertificates {
  return (services) => certificatesVia(services, collect);
}

export const certs = createCertsCommand(certsVia(defaultCollect));
