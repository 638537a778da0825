import { CATALOGUE, findCheck } from '../src/checks/catalogue.js';
import { defaultCollect } from '../src/checks/collector.js';
import type { CollectSnapshot } from '../src/checks/engine.js';
import { checkReply } from '../src/checks/report.js';
import { runReadiness } from '../src/checks/run.js';
import type { Check } from '../src/checks/types.js';
import { UsageError } from '../src/errors.js';
import { closest } from './suggest.js';
import { type Command, DEPLOYMENT_FLAG, defineCommand, flag } from './types.js';

/** A catalogue check by id, or a usage error that suggests the nearest id. */
export function checkById(id: string): Check {
  const check = findCheck(id.toLowerCase());
  if (check) return check;
  const guess = closest(
    id.toLowerCase(),
    CATALOGUE.map((c) => c.id),
  );
  throw new UsageError(
    `There is no check \`${id}\`.`,
    guess ? `Did you mean \`${guess}\`?` : `Checks: ${CATALOGUE.map((c) => c.id).join(', ')}.`,
  );
}

/** One check, reading only what it needs, with every line of its evidence. */
export function createCheckCommand(collect: CollectSnapshot): Command {
  return defineCommand({
    name: 'check',
    summary: 'Run one readiness check and show all its evidence',
    usage: 'check <id> [--deployment NAME] [--target REL]',
    examples: [
      'check ntp',
      'check certificates-expired --deployment prod',
      'check upgrade-path --target 3.2',
    ],
    role: 'viewer',
    sideEffects: 'none',
    args: { min: 1, max: 1, names: 'ID' },
    flags: [DEPLOYMENT_FLAG, { name: 'target', value: 'REL', description: 'release to upgrade to' }],
    async run(ctx) {
      const check = checkById(ctx.args[0] ?? '');
      const deployment = flag(ctx, 'deployment');
      const target = flag(ctx, 'target');
      const outcome = await runReadiness({
        services: ctx.services,
        collect,
        checks: [check],
        ...(deployment === undefined ? {} : { deployment }),
        ...(target === undefined ? {} : { target }),
        actor: ctx.invocation.user,
        trigger: 'command',
        record: false,
        signal: ctx.signal,
        progress: ctx.progress,
      });
      const [finding] = outcome.findings;
      if (finding === undefined) throw new Error(`check ${check.id} produced no finding`);
      return checkReply(outcome, finding);
    },
  });
}

export const check = createCheckCommand(defaultCollect);
