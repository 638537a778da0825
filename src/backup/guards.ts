import { UserError } from '../errors.js';
import {
  type BackupRecord,
  parseShowApplicationStatus,
  parseShowBackupStatus,
  parseShowRepository,
  parseShowRestoreStatus,
  parseShowRunningConfig,
} from '../ise/cli/parsers/index.js';
import type { CliSession } from '../ise/ssh/session.js';
import type { BackupApi } from './openapi.js';

/** A guard said no: nothing was started on ISE. The message goes to chat and the audit log as is. */
export class BackupRefused extends UserError {
  override readonly name = 'BackupRefused';
}

/** Protocols ISE cannot back up to: read-only, or no file listing (upgrade guide, "Back up"). */
const UNFIT: Readonly<Record<string, string>> = {
  CDROM: 'CD-ROM',
  HTTP: 'HTTP',
  HTTPS: 'HTTPS',
  TFTP: 'TFTP',
};
const FIT_HINT = 'Use an SFTP, FTP or NFS repository (Administration > Maintenance > Repository).';

export interface RepositoryCheck {
  protocol: string;
  /** The listing before the backup: the new file is the one that was not there. */
  filesBefore: readonly string[];
}

/**
 * The repository exists on the PAN, its protocol can hold backups, it is not the node's own disk, and ISE
 * can list it now (a listing that fails now would fail the copy at 75 % after minutes of work).
 */
export async function checkRepository(
  cli: CliSession,
  repository: string,
  api: BackupApi | undefined,
): Promise<RepositoryCheck> {
  const config = parseShowRunningConfig(await cli.run('show running-config', { timeoutMs: 60_000 }));
  const configured = config.repositories.find((r) => r.name === repository);
  let protocol: string | undefined = configured?.protocol;
  let known = config.repositories.map((r) => r.name);
  // Repositories made in the GUI are replicated by the API layer and may be missing from the CLI config.
  if (configured === undefined && api !== undefined) {
    const listed = (await api.repositories()) ?? [];
    protocol = listed.find((r) => r.name === repository)?.protocol?.toUpperCase();
    known = [...new Set([...known, ...listed.map((r) => r.name)])];
  }
  if (configured === undefined && protocol === undefined) {
    throw new BackupRefused(
      'backup-repository',
      `Repository ${repository} is not configured on ${cli.hostname}.`,
      {
        hint: `Known repositories: ${known.join(', ') || 'none'}. Create it in ISE or name another.`,
      },
    );
  }
  if (protocol === undefined) {
    throw new BackupRefused(
      'backup-repository',
      `Cannot tell what kind of repository ${repository} is (url ${configured?.url ?? 'missing'}), so I will not back up to it.`,
      { hint: FIT_HINT },
    );
  }
  const unfit = UNFIT[protocol];
  if (unfit !== undefined) {
    throw new BackupRefused(
      'backup-repository',
      `Repository ${repository} is ${unfit}: ISE cannot write backups there (CD-ROM, HTTP, HTTPS and TFTP repositories are read-only or cannot list files).`,
      { hint: FIT_HINT },
    );
  }
  if (protocol === 'DISK') {
    throw new BackupRefused(
      'backup-repository',
      `Repository ${repository} is the local disk of ${cli.hostname}: the upgrade guide says not to back up to a local repository.`,
      { hint: `A node being upgraded or reimaged takes its local backups with it. ${FIT_HINT}` },
    );
  }
  const listing = parseShowRepository(await cli.run(`show repository ${repository}`, { timeoutMs: 120_000 }));
  if (!listing.ok) {
    throw new BackupRefused(
      'backup-repository',
      `${cli.hostname} cannot use repository ${repository}: ISE said "${listing.message}".`,
      {
        hint:
          listing.reason === 'not-found'
            ? 'Check the name with `show repository` on the PAN.'
            : 'Check the server, the repository credentials and, for SFTP, `crypto host_key add host <server>` on the PAN.',
      },
    );
  }
  return { protocol, filesBefore: listing.files };
}

/** A backup or restore ISE reports as running, in a sentence; undefined when none is. */
export async function runningOnIse(cli: CliSession, api: BackupApi | undefined): Promise<string | undefined> {
  const backups = parseShowBackupStatus(await cli.run('show backup status', { timeoutMs: 60_000 }));
  for (const section of backups.sections) {
    if (section.record?.outcome === 'in-progress') return describeRunning(section.type, section.record);
  }
  const restores = parseShowRestoreStatus(await cli.run('show restore status', { timeoutMs: 60_000 }));
  for (const section of restores.sections) {
    if (section.record?.outcome === 'in-progress') return describeRunning(section.type, section.record);
  }
  // 3.1+: a GUI/API-started backup shows here too (ise-rest-api.md §7b).
  const last = await api?.lastBackup();
  if (last?.status === 'IN_PROGRESS') {
    const what = last.action === 'RESTORE' ? 'restore' : 'backup';
    return `a ${what} ${last.name ?? ''} to ${last.repository ?? '?'} (${last.percentComplete ?? '?'} %, ${last.details ?? 'in progress'})`;
  }
  return undefined;
}

function describeRunning(type: string, r: BackupRecord): string {
  const kind = type === 'operational' ? 'operational ' : type === 'configuration' ? 'config ' : '';
  const started = r.startDate === undefined ? '' : `, started ${r.startDate.text}`;
  const progress =
    r.progressPercent === undefined
      ? ''
      : `, ${r.progressPercent} %${r.progressMessage ? ` ${r.progressMessage}` : ''}`;
  const target = r.repository === undefined ? '' : ` to ${r.repository}`;
  return `a ${kind}${r.operation} ${r.name ?? ''}${target}${started}${progress}`.replace(/\s+/g, ' ');
}

export async function refuseIfBusy(cli: CliSession, api: BackupApi | undefined): Promise<void> {
  const running = await runningOnIse(cli, api);
  if (running === undefined) return;
  throw new BackupRefused('backup-busy', `ISE is already running ${running}.`, {
    hint: 'ISE runs one backup or restore at a time. Wait for it to finish (`backup status`).',
  });
}

/**
 * A persona change restarts the application services on the node, and a backup then would fail or
 * capture a half-written state (upgrade guide: "do not change the role of a node … when the backup is
 * running"). ISE exposes no "persona change in progress" flag in the CLI or the API; the restart is what
 * can be seen, as the Application Server not running. An Upgrade Readiness Tool run cannot be seen at
 * all: it lives inside another admin's CLI session and leaves nothing to query while it runs (ise-cli.md
 * §2.11), so it is not guarded here.
 */
export async function refuseIfRestarting(cli: CliSession): Promise<void> {
  const status = parseShowApplicationStatus(
    await cli.run('show application status ise', { timeoutMs: 120_000 }),
  );
  if (!status.recognised) return;
  const server = status.processes.find((p) => p.name === 'Application Server');
  if (server === undefined || server.state === 'running') return;
  throw new BackupRefused(
    'backup-node-busy',
    `The Application Server on ${cli.hostname} is ${server.state}: a persona change, patch or restart seems to be under way.`,
    { hint: 'Wait until `show application status ise` shows it running, then try again.' },
  );
}
