import { type BackupDeps, backupDeps } from '../src/backup/deps.js';
import { KIND_LABEL } from '../src/backup/request.js';
import { runBackup } from '../src/backup/run.js';
import { backupStatus } from '../src/backup/status.js';
import { UsageError } from '../src/errors.js';
import type { BackupKind } from '../src/store/backups.js';
import { type Command, DEPLOYMENT_FLAG, defineCommand, flag } from './types.js';

const KINDS: Readonly<Record<string, BackupKind>> = {
  config: 'config',
  operational: 'operational',
  logs: 'logs',
};

const isStatus = (args: readonly string[]) => args[0]?.toLowerCase() === 'status';

/**
 * `backup config|operational|logs [REPOSITORY]` and `backup status`: status only reads (viewer); the
 * backups start work on ISE, so the dispatcher asks operators to confirm them.
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
    roleFor: (args) => (isStatus(args) ? 'viewer' : 'operator'),
    sideEffects: 'ise',
    confirm: {
      when: (args) => !isStatus(args),
      prompt: (ctx) => {
        const [form = '', repository] = ctx.args;
        const label = KIND_LABEL[KINDS[form.toLowerCase()] ?? 'config'];
        const where = repository === undefined ? 'the configured repository' : `repository ${repository}`;
        return `Start a ${label} backup of the primary PAN to ${where}? It can take up to an hour.`;
      },
    },
    args: { min: 1, max: 2, names: 'config|operational|logs|status [REPOSITORY]' },
    flags: [DEPLOYMENT_FLAG],
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
