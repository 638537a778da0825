import { defaultCollect } from '../src/checks/collector.js';
import type { CollectSnapshot } from '../src/checks/engine.js';
import { readinessReply } from '../src/checks/report.js';
import { runReadiness } from '../src/checks/run.js';
import { type Command, defineCommand, flag } from './types.js';

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
      { name: 'deployment', value: 'NAME', description: 'which configured deployment (default: the first)' },
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
      });
      return readinessReply(outcome);
    },
  });
}

export const readiness = createReadinessCommand(defaultCollect);
