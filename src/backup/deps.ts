import type { IseAccess } from '../ise/access.js';
import { type CliSession, type OpenOptions, openCliSession } from '../ise/ssh/session.js';
import type { Logger } from '../log.js';
import { type BackupApi, backupApi } from './openapi.js';
import { DEFAULT_PROGRESS, type ProgressOptions } from './progress.js';

/** What backups need from the outside, injectable so tests can wrap the session or shorten the clocks. */
export interface BackupDeps {
  /**
   * A CLI session of its own on the current primary PAN (the node list's PrimaryAdmin, with its `nodes`
   * override): a backup holds it for up to an hour. `onNote` hears why it is the configured `pan` instead.
   */
  openPan(access: IseAccess, options: PanOpenOptions): Promise<CliSession>;
  api(access: IseAccess, signal: AbortSignal, log: Logger): Promise<BackupApi | undefined>;
  progress: ProgressOptions;
  /** The store lease lives this long without renewal (a crashed bot blocks no longer than this). */
  lockTtlMs: number;
  lockRenewMs: number;
  /** How often ISE is polled when the bot follows a backup it lost the transcript of. */
  followPollMs: number;
}

export interface PanOpenOptions extends OpenOptions {
  onNote?: (note: string) => void;
}

export const defaultBackupDeps: BackupDeps = {
  openPan: async (access, { onNote, ...options }) => {
    const pan = await access.primaryPan(options.signal);
    if (pan.note) onNote?.(pan.note);
    return openCliSession(await access.sshTarget(pan.fqdn), options);
  },
  api: backupApi,
  progress: DEFAULT_PROGRESS,
  lockTtlMs: 120_000,
  lockRenewMs: 30_000,
  followPollMs: 30_000,
};

export function backupDeps(overrides: Partial<BackupDeps> = {}): BackupDeps {
  return { ...defaultBackupDeps, ...overrides };
}
