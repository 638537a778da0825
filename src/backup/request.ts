import type { DeploymentConfig } from '../config/schema.js';
import { UserError } from '../errors.js';
import { REPOSITORY_NAME } from '../ise/cli/names.js';
import type { BackupKind } from '../store/backups.js';

export type { BackupKind } from '../store/backups.js';

/** What one backup will run: everything validated, the key still wrapped until the CLI line is built. */
export interface BackupPlan {
  deployment: string;
  kind: BackupKind;
  repository: string;
  name: string;
  /** The plain key: only ever placed in the CLI line, which is sent with `redact: [key]`. */
  key: string;
  timeoutMs: number;
}

/** Our generated names; ISE appends `-CFG10-YYMMDD-HHMM.tar.gpg`, so keep it short and plain. */
const NAME = /^[a-z0-9][a-z0-9-]{0,50}-(config|operational|logs)-\d{8}T\d{6}$/;
/** The key rules of ISE (ise-rest-api.md §7a); they also keep the CLI line free of spaces and newlines. */
const KEY = /^[A-Za-z0-9_#]{8,15}$/;

export const KIND_LABEL: Readonly<Record<BackupKind, string>> = {
  config: 'config',
  operational: 'operational',
  logs: 'log',
};

/**
 * The repository a person typed, refused unless it is a plain ISE repository name: the value goes into a
 * CLI line, so a newline, `;`, a quote or a space could smuggle in a second command.
 */
export function checkRepositoryArgument(value: string): string {
  if (REPOSITORY_NAME.test(value)) return value;
  const shown = JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  const why =
    value.length > 80
      ? `it is ${value.length} characters long (ISE allows at most 80)`
      : /[\r\n]/.test(value)
        ? 'it contains a line break'
        : /\s/.test(value)
          ? 'it contains a space'
          : `it contains ${JSON.stringify(value.replace(/[A-Za-z0-9_.-]/g, '').slice(0, 1))}`;
  throw new UserError('backup-repository', `${shown} is not a repository name: ${why}.`, {
    hint: 'ISE repository names use only letters, digits, _ . and - (up to 80 characters).',
  });
}

/** A fresh backup name from deployment, kind and time, e.g. `prod-config-20240305T101507`. */
export function backupName(deployment: string, kind: BackupKind, now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d{3}Z$/, '')
    .replace(/[-:]/g, '');
  const name = `${deployment.slice(0, 40)}-${kind}-${stamp}`;
  // The deployment name comes from validated config; this re-check keeps the CLI line safe regardless.
  if (!NAME.test(name)) throw new UserError('backup-name', `Cannot build a safe backup name from "${name}".`);
  return name;
}

/**
 * Reads the backup settings of a deployment: the repository from the argument or `backup.repository`, the
 * key from `backup.encryptionKey` only (never from chat). Each missing piece is refused naming its key.
 */
export function planBackup(
  config: DeploymentConfig,
  configIndex: number,
  kind: BackupKind,
  repositoryArgument: string | undefined,
  now: Date,
): BackupPlan {
  const at = `deployments[${configIndex}].backup`;
  const repository =
    repositoryArgument === undefined
      ? config.backup?.repository
      : checkRepositoryArgument(repositoryArgument);
  if (repository === undefined) {
    throw new UserError('backup-config', `No repository given and none configured for ${config.name}.`, {
      hint: `Name one (\`backup ${kind} REPOSITORY\`) or set ${at}.repository in the bot config.`,
    });
  }
  const key = config.backup?.encryptionKey;
  if (key === undefined || key.isEmpty) {
    throw new UserError('backup-config', `No backup encryption key is configured for ${config.name}.`, {
      hint: `Set ${at}.encryptionKey in the bot config (e.g. \${ISE_BACKUP_KEY}); it is never taken from chat.`,
    });
  }
  const plain = key.reveal();
  if (!KEY.test(plain) || !/[A-Z]/.test(plain) || !/[a-z]/.test(plain) || !/\d/.test(plain)) {
    throw new UserError(
      'backup-config',
      `The backup encryption key of ${config.name} does not meet ISE's rules.`,
      {
        hint: `${at}.encryptionKey needs 8–15 characters from A-Z a-z 0-9 _ #, with an upper-case letter, a lower-case letter and a digit.`,
      },
    );
  }
  return {
    deployment: config.name,
    kind,
    repository,
    name: backupName(config.name, kind, now),
    key: plain,
    timeoutMs: config.backup?.timeoutMs ?? 3_600_000,
  };
}

/** The exact CLI line (ise-cli.md §2.8, §2.9) and the form every message shows instead. */
export function backupCommandLine(plan: BackupPlan): { line: string; display: string } {
  const build = (key: string) =>
    plan.kind === 'logs'
      ? `backup-logs ${plan.name} repository ${plan.repository} encryption-key plain ${key}`
      : `backup ${plan.name} repository ${plan.repository} ise-${plan.kind} encryption-key plain ${key}`;
  return { line: build(plan.key), display: build('[redacted]') };
}
