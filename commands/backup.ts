import { type BackupDeps, backupDeps } from '../src/backup/deps.js';
import { planBackup } from '../src/backup/request.js';
import { runBackup } from '../src/backup/run.js';
import { backupStatus } from '../src/backup/status.js';
import { UsageError } from '../src/errors.js';
import type { Services } from '../src/services.js';
import type { BackupKind } from '../src/store/backups.js';
import { closest } from './suggest.js';
import { type Command, type CommandContext, DEPLOYMENT_FLAG, defineCommand, flag } from './types.js';

const KINDS: Readonly<Record<string, BackupKind>> = {
  config: 'config',
  operational: 'operational',
  logs: 'logs',
};

/** The kind as the prompt names it: "Start a configuration backup of …". */
const PROMPT_LABEL: Readonly<Record<BackupKind, string>> = {
  config: 'configuration',
  operational: 'operational',
  logs: 'log',
};

const USAGE = 'backup config|operational|logs [REPOSITORY] | backup status';

const isStatus = (args: readonly string[]) => args[0]?.toLowerCase() === 'status';

/** The backup kind typed, or a usage error that suggests the closest one (`backup confg`). */
function parseKind(form: string): BackupKind {
  const kind = KINDS[form.toLowerCase()];
  if (kind !== undefined) return kind;
  const guess = closest(form.toLowerCase(), [...Object.keys(KINDS), 'status']);
  throw new UsageError(
    `\`backup ${form}\` is not a backup kind.`,
    guess ? `Did you mean \`backup ${guess}\`? Usage: ${USAGE}` : `Usage: ${USAGE}`,
  );
}

/**
 * Everything a backup can be refused for without asking ISE, checked before the Confirm prompt: the
 * kind, the deployment, the repository (given or configured, and a safe name) and the encryption key.
 * Returns the prompt naming the deployment, its PAN, the repository and the kind.
 */
function checkedPrompt(ctx: CommandContext): string {
  const [form = '', repository] = ctx.args;
  const kind = parseKind(form);
  const services: Services = ctx.services;
  const access = services.deployments.get(flag(ctx, 'deployment'));
  const index = services.config.deployments.findIndex((d) => d.name === access.name);
  const plan = planBackup(access.config, index, kind, repository, services.clock());
  return `Start a ${PROMPT_LABEL[kind]} backup of ${access.name} (PAN ${access.panHostname}) to repository ${plan.repository}? It can take up to an hour.`;
}

/**
 * `backup config|operational|logs [REPOSITORY]` and `backup status`: status only reads (viewer); the
 * backups start work on ISE, so the dispatcher asks operators to confirm them.
 */
export function backupCommand(overrides: Partial<BackupDeps> = {}): Command {
  const deps = backupDeps(overrides);
  return defineCommand({
    name: 'backup',
    summary:
      'Back up the primary PAN (configuration, operational data or logs) to a repository, or show backup status',
    usage: USAGE,
    examples: ['backup config', 'backup operational BACKUP-SFTP', 'backup logs', 'backup status'],
    role: 'viewer',
    roleFor: (args) => (isStatus(args) ? 'viewer' : 'operator'),
    sideEffects: 'ise',
    confirm: {
      when: (args) => !isStatus(args),
      // Throws (a usage error or the setting that is missing) so nothing is asked that would be refused.
      prompt: checkedPrompt,
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
      const kind = parseKind(form);
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
