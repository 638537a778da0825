import type { IseAccess } from '../ise/access.js';
import { IseError } from '../ise/errors.js';
import { hasOpenApi } from '../ise/release.js';
import type { Logger } from '../log.js';

/** A repository as the 3.1+ OpenAPI lists it (ise-rest-api.md §7d). */
export interface ApiRepository {
  name: string;
  protocol?: string;
}

/** The 3.1+ `last-backup-status` (ise-rest-api.md §7b); every value arrives as a string. */
export interface ApiBackupStatus {
  action?: string;
  status?: string;
  name?: string;
  repository?: string;
  type?: string;
  percentComplete?: string;
  details?: string;
  message?: string;
  startDate?: string;
}

/** What the backup guards may ask the OpenAPI; undefined members mean "no answer". */
export interface BackupApi {
  repositories(): Promise<ApiRepository[] | undefined>;
  lastBackup(): Promise<ApiBackupStatus | undefined>;
}

/**
 * The OpenAPI side of the backup guards, on 3.1 and later only. The CLI stays the authority (the backup
 * itself runs there), so an API that cannot be reached is logged and treated as silent, not as a refusal.
 */
export async function backupApi(
  access: IseAccess,
  signal: AbortSignal,
  log: Logger,
): Promise<BackupApi | undefined> {
  try {
    const release = await access.release(signal);
    if (!hasOpenApi(release.release)) return undefined;
  } catch (error) {
    if (!(error instanceof IseError)) throw error;
    log.warn({ err: error }, 'backup guards: release unknown, relying on the CLI alone');
    return undefined;
  }
  const get = async <T>(path: string): Promise<T | undefined> => {
    try {
      const body = await access.rest.getJson<{ response?: T }>(access.endpoint('openapi'), path, {
        family: 'openapi',
        signal,
      });
      return body.response;
    } catch (error) {
      if (!(error instanceof IseError)) throw error;
      log.warn({ err: error, path }, 'backup guards: OpenAPI did not answer, relying on the CLI');
      return undefined;
    }
  };
  return {
    repositories: () => get<ApiRepository[]>('/api/v1/repository'),
    lastBackup: () => get<ApiBackupStatus>('/api/v1/backup-restore/config/last-backup-status'),
  };
}
