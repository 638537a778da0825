import { releaseKey } from '../src/checks/acks.js';
import { defaultCollect } from '../src/checks/collector.js';
import type { CollectSnapshot } from '../src/checks/engine.js';
import { runReadiness } from '../src/checks/run.js';
import { UserError } from '../src/errors.js';
import { reply, section, text } from '../src/reply/build.js';
import { person, at as time } from '../src/reply/inline.js';
import { checkById } from './check.js';
import { type Command, DEPLOYMENT_FLAG, defineCommand, flag } from './types.js';

/**
 * An operator confirms a manual item. The check runs first: only a `manual` finding can be confirmed
 * (an automated item is made right by fixing it), and the ack is bound to the release and patch the
 * run read, so an upgrade or a patch clears it (Acks.current).
 */
export function createAckCommand(collect: CollectSnapshot): Command {
  return defineCommand({
    name: 'ack',
    summary: 'Confirm a manual checklist item (cleared when the release or patch changes)',
    usage: 'ack <check-id> [--deployment NAME]',
    examples: ['ack certificate-export', 'ack load-balancer --deployment prod'],
    role: 'operator',
    sideEffects: 'store',
    args: { min: 1, max: 1, names: 'CHECK-ID' },
    flags: [DEPLOYMENT_FLAG],
    async run(ctx) {
      const check = checkById(ctx.args[0] ?? '');
      const deployment = flag(ctx, 'deployment');
      const { store, clock } = ctx.services;
      const outcome = await runReadiness({
        services: ctx.services,
        collect,
        checks: [check],
        ...(deployment === undefined ? {} : { deployment }),
        actor: ctx.invocation.user,
        trigger: 'command',
        record: false,
        signal: ctx.signal,
        progress: ctx.progress,
      });
      const finding = outcome.findings[0];
      const refuse = async (message: string, hint: string) => {
        await store.audit.append({
          at: clock(),
          actor: ctx.invocation.user,
          action: 'ack',
          target: `${outcome.deployment}/${check.id}`,
          outcome: 'refused',
          detail: message,
          correlationId: ctx.correlationId,
        });
        throw new UserError('ack-refused', message, { hint });
      };
      if (outcome.release === undefined) {
        return refuse(
          `Cannot confirm ${check.id}: the release of ${outcome.deployment} could not be read, and a confirmation is tied to it.`,
          'Fix access to ISE (see `check version-parity`) and try again.',
        );
      }
      if (finding === undefined || finding.status !== 'manual') {
        return refuse(
          `\`${check.id}\` is ${finding?.status ?? 'not run'} on ${outcome.deployment}, not an item to confirm by hand.`,
          finding?.status === 'pass' || finding?.status === 'info'
            ? 'Nothing to confirm.'
            : `Fix it instead: \`check ${check.id}\` shows what to do.`,
        );
      }
      const key = releaseKey(outcome.release);
      const at = clock();
      await store.acks.set(outcome.deployment, {
        checkId: check.id,
        actor: ctx.invocation.user,
        at,
        releaseKey: key,
      });
      await store.audit.append({
        at,
        actor: ctx.invocation.user,
        action: 'ack',
        target: `${outcome.deployment}/${check.id}`,
        outcome: 'ok',
        detail: `confirmed for ISE ${key}`,
        correlationId: ctx.correlationId,
      });
      return reply('ack', `Confirmed: ${check.title}`, 'ok', {
        lead: `\`${check.id}\` is confirmed on ${outcome.deployment}. It holds while ISE runs ${key}; an upgrade or patch clears it.`,
        sections: [
          section(undefined, [
            {
              type: 'fields',
              fields: [
                { label: 'Confirmed by', value: [person(ctx.invocation.user)] },
                { label: 'At', value: [time(at)] },
              ],
            },
            text(`What was confirmed: ${finding.remediation}`),
          ]),
        ],
        context: { deployment: outcome.deployment },
        data: {
          ack: {
            deployment: outcome.deployment,
            check: check.id,
            by: ctx.invocation.user,
            at: at.toISOString(),
            release: key,
          },
        },
      });
    },
  });
}

export const ack = createAckCommand(defaultCollect);
