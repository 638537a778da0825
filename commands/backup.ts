import { type BackupDeps, backupDeps } from '../src/backup/deps.js';
import { KIND_LABEL } from '../src/backup/request.js';
import { runBackup } from '../src/backup/run.js';
import { backupStatus } from '../src/backup/status.js';
import { UsageError } from '../src/errors.js';
import { button, reply } from '../src/reply/build.js';
import type { Reply } from '../src/reply/model.js';
import type { BackupKind } from '../src/store/backups.js';
import { roleAllows } from './roles.js';
import { type Command, type CommandContext, defineCommand, flag } from './types.js';

const KINDS: Readonly<Record<string, BackupKind>> = {
  config: 'config',
  operational: 'operational',
  logs: 'logs',
};

/**
 * `backup config|operational|logs [REPOSITORY]` and `backup status`. The dispatcher applies one role and
 * one confirmation per verb, but `backup status` only reads while the others start work on ISE: so the
 * verb is declared at the viewer level and the operator role and the confirmation of the three backup
 * forms are enforced here, in the dispatcher's own words. (A per-subcommand policy in the dispatcher
 * would let this move there.)
 */
export function backupCommand(overrides: Partial<BackupDeps> = {}): Command {
  const deps = backupDeps(overrides);
  return defineCommand({
    name: 'backup',
    summary:
      'Config, operational or log backup of the primary PAN to a repository (operator); or backup status',
    usage: 'backup config|operational|logs [REPOSITORY] | backup status',
    examples: ['backup config', 'backup operational BACKUP-SFTP', 'backup logs', 'backup status'],
    role: 'viewer',
    sideEffects: 'ise',
    args: { min: 1, max: 2, names: 'config|operational|logs|status [REPOSITORY]' },
    flags: [
      { name: 'deployment', value: 'NAME', description: 'which configured deployment (default: the first)' },
    ],
    async run(ctx) {
      const [form = '', repository] = ctx.args;
      const deployment = flag(ctx, 'deployment');
      if (form.toLowerCase() === 'status') {
        if (repository !== undefined) throw new UsageError('`backup status` takes no repository.');
        return backupStatus(ctx.services, deployment, { signal: ctx.signal, log: ctx.log }, deps);
      }
      const kind = KINDS[form.toLowerCase()];
      if (kind === undefined) {
        throw new UsageError(
          `\`backup ${form}\` is not a backup kind.`,
          'Usage: backup config|operational|logs [REPOSITORY] | backup status',
        );
      }
      const refused = await operatorAndConfirmation(ctx, kind, repository);
      if (refused) return refused;
      return runBackup(
        {
          services: ctx.services,
          actor: ctx.invocation.user,
          channel: ctx.invocation.channel,
          signal: ctx.signal,
          log: ctx.log,
          correlationId: ctx.correlationId,
          progress: (text) => ctx.progress(text),
        },
        {
          kind,
          ...(deployment === undefined ? {} : { deployment }),
          ...(repository === undefined ? {} : { repository }),
        },
        deps,
      );
    },
  });
}

export const backup = backupCommand();

async function operatorAndConfirmation(
  ctx: CommandContext,
  kind: BackupKind,
  repository: string | undefined,
): Promise<Reply | undefined> {
  const name = `backup ${kind}`;
  if (!roleAllows(ctx.role, 'operator')) {
    ctx.log.warn({ verb: name, role: ctx.role }, 'refused: role');
    await ctx.services.store.audit.append({
      at: ctx.services.clock(),
      actor: ctx.invocation.user,
      action: `backup.${kind}`,
      outcome: 'refused',
      detail: `needs the operator role; has ${ctx.role}`,
      correlationId: ctx.correlationId,
    });
    return reply('denied', `\`${name}\` needs the operator role.`, 'denied', {
      lead: `${ctx.invocation.user} has the ${ctx.role} role. An admin can add you to access.operators in the bot config.`,
    });
  }
  if (ctx.invocation.confirmed || ctx.flags.yes === true) return undefined;
  const text = ctx.invocation.text.replace(/^\s*\/?ise\s+/i, '').trim();
  const where = repository === undefined ? 'the configured repository' : `repository ${repository}`;
  const prompt = `Start a ${KIND_LABEL[kind]} backup of the primary PAN to ${where}? It can take up to an hour.`;
  return reply('confirm', prompt, 'confirm', {
    lead: 'This changes something on ISE. Confirm to go ahead (or add --yes where there are no buttons).',
    actions: [
      button('confirm', 'Confirm', `${text} --yes`, {
        style: 'primary',
        confirm: { title: 'Are you sure?', text: prompt, confirm: 'Yes, run it', deny: 'No' },
      }),
      button('cancel', 'Cancel', 'cancel'),
    ],
  });
}
