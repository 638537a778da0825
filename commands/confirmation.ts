import type { Logger } from '../src/log.js';
import { button, reply, section, text as textBlock } from '../src/reply/build.js';
import { person } from '../src/reply/inline.js';
import type { Reply } from '../src/reply/model.js';
import type { Services } from '../src/services.js';
import type { Command, CommandContext, Invocation } from './types.js';

/** The prompt before a side effect: Confirm re-runs the command with `--yes`, Cancel names it. */
export function confirmation(command: Command, ctx: CommandContext): Reply {
  const text = ctx.invocation.text.replace(/^\s*\/?ise\s+/i, '').trim();
  const prompt = command.confirm?.prompt(ctx) ?? `Run \`${text}\`?`;
  return reply('confirm', prompt, 'confirm', {
    lead: `This changes ${command.sideEffects === 'ise' ? 'something on ISE' : "the bot's state"}. Confirm to go ahead (or add --yes where there are no buttons).`,
    sections: [section(undefined, [textBlock(['Asked by ', person(ctx.invocation.user), '.'])])],
    actions: [
      button('confirm', 'Confirm', `${text} --yes`, {
        style: 'primary',
        confirm: { title: 'Are you sure?', text: prompt, confirm: 'Yes, run it', deny: 'No' },
      }),
      // Carries the command, so Cancel can require that command's role.
      button('cancel', 'Cancel', text),
    ],
  });
}

/**
 * A prompt cancelled by someone who passed the checks of the command it cancels: audited (who, what,
 * where), nothing run. Adapters recognise the reply by its kind and update the prompt.
 */
export function cancelled(
  services: Services,
  invocation: Invocation,
  correlationId: string,
  form: string,
  log: Logger,
): Reply {
  log.info({ form }, 'confirmation cancelled');
  void services.store.audit.append({
    at: services.clock(),
    actor: invocation.user,
    action: 'cancel',
    target: `${form} in ${invocation.channel}`,
    outcome: 'ok',
    detail: 'confirmation cancelled: nothing was run',
    correlationId,
  });
  return reply('cancelled', 'Cancelled: nothing was run.', 'info', {
    sections: [section(undefined, [textBlock(['Cancelled by ', person(invocation.user), '.'])])],
    data: { cancelled: form },
  });
}
