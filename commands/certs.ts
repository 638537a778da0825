import { type CollectCertificates, certificatesVia } from '../src/certs/collect.js';
import { certificatesReply, DEFAULT_CERT_DAYS } from '../src/certs/report.js';
import { timelineFor, withTimeline } from '../src/certs/timeline.js';
import { defaultCollect } from '../src/checks/collector.js';
import type { CollectSnapshot } from '../src/checks/engine.js';
import { UsageError } from '../src/errors.js';
import type { Services } from '../src/services.js';
import { type Command, DEPLOYMENT_FLAG, defineCommand, flag } from './types.js';

/** Certificates of every node and store expiring within DAYS; the reader is injected for tests. */
export function createCertsCommand(collect: (services: Services) => CollectCertificates): Command {
  return defineCommand({
    name: 'certs',
    summary: 'Certificates expiring within DAYS (default 90) across all nodes and stores',
    usage: 'certs [DAYS] [--deployment NAME]',
    examples: ['certs', 'certs 30', 'certs 365 --deployment prod'],
    role: 'viewer',
    sideEffects: 'none',
    args: { min: 0, max: 1, names: 'DAYS' },
    flags: [DEPLOYMENT_FLAG],
    async run(ctx) {
      const raw = ctx.args[0];
      const days = raw === undefined ? DEFAULT_CERT_DAYS : Number(raw);
      if (!Number.isInteger(days) || days < 0 || days > 3650) {
        throw new UsageError('DAYS must be a whole number from 0 to 3650.', 'For example: `certs 30`');
      }
      const deployment = ctx.services.deployments.get(flag(ctx, 'deployment')).name;
      ctx.progress(`reading the certificates of ${deployment}…`);
      const started = performance.now();
      const certs = await collect(ctx.services)(deployment, ctx.signal);
      const listed = certificatesReply(deployment, certs, days, ctx.services.clock());
      const answer = await withTimeline(listed, certs, timelineFor(ctx.services, deployment, ctx.log));
      return {
        ...answer,
        context: { ...answer.context, durationMs: Math.round(performance.now() - started) },
      };
    },
  });
}

export function certsVia(collect: CollectSnapshot): (services: Services) => CollectCertificates {
  return (services) => certificatesVia(services, collect);
}

export const certs = createCertsCommand(certsVia(defaultCollect));
