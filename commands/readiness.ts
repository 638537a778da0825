import { defaultCollect } from '../src/checks/collector.js';
import type { CollectSnapshot } from '../src/checks/engine.js';
import { withNodeGrid } from '../src/checks/node-grid.js';
import { readinessReply } from '../src/checks/report.js';
import { runReadiness } from '../src/checks/run.js';
import { UserError } from '../src/errors.js';
import { type Command, type CommandContext, DEPLOYMENT_FLAG, defineCommand, flag } from './types.js';

/** The whole "Prepare for Upgrade" guide against one deployment; recorded so the next run shows changes. */
export function createReadinessCommand(collect: CollectSnapshot): Command {
  return defineCommand({
    name: 'readiness',
    summary: 'Pre-upgrade readiness report: what blocks the upgrade, what to fix, what to confirm',
    usage: 'readiness [--deployment NAME] [--target REL]',
    examples: ['readiness', 'readiness --target 3.2', 'readiness --deployment prod'],
    role: 'viewer',
    sideEffects: 'none',
    flags: [
      DEPLOYMENT_FLAG,
      {
        name: 'target',
        value: 'REL',
        description:
          'release to upgrade to (default: the deployment’s `target`, else the newest one step away)',
      },
    ],
    async run(ctx) {
      const deployment = flag(ctx, 'deployment');
      const target = flag(ctx, 'target');
      const outcome = await runReadiness({
        services: ctx.services,
        collect,
        ...(deployment === undefined ? {} : { deployment }),
        ...(target === undefined ? {} : { target }),
        actor: ctx.invocation.user,
        trigger: 'command',
        record: true,
        signal: ctx.signal,
        progress: ctx.progress,
      }).catch((error: unknown) => {
        if (!ctx.signal.aborted) throw error;
        return interrupted(ctx, deployment);
      });
      return withNodeGrid(readinessReply(outcome), outcome, ctx.log);
    },
  });
}

/**
 * A run cut short by its signal (the bot shutting down past its grace period) is not recorded in the
 * history, which holds whole runs only; the audit log notes it so nobody wonders where it went.
 */
async function interrupted(ctx: CommandContext, deployment: string | undefined): Promise<never> {
  const { services } = ctx;
  const reason = ctx.signal.reason instanceof Error ? ctx.signal.reason.message : 'aborted';
  const name = deployment ?? services.config.deployments[0]?.name ?? 'unknown';
  await services.store.audit.append({
    at: services.clock(),
    actor: ctx.invocation.user,
    action: 'readiness',
    target: name,
    outcome: 'interrupted',
    detail: reason,
    correlationId: ctx.correlationId,
  });
  ctx.log.warn({ deployment: name, reason }, 'readiness run interrupted');
  throw new UserError('interrupted', `The readiness run on ${name} was interrupted: ${reason}.`, {
    hint: 'Nothing was recorded in the history; run `readiness` again.',
  });
}

export const readiness = createReadinessCommand(defaultCollect);
