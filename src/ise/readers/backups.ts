import { parseIseDate } from '../dates.js';
import { IseHttpError } from '../errors.js';
import type { BackupStatus } from '../snapshot/types.js';
import type { ReadContext } from './context.js';

interface LastBackupJson {
  response?: {
    type?: string;
    status?: string;
    name?: string;
    repository?: string;
    startDate?: string;
    message?: string;
    initiatedFrom?: string;
  };
}

/**
 * The last backup's status (3.1+, ise-rest-api.md §7b). ISE reports only the latest backup, of
 * whichever type. A 404 is read as "no backup yet" (INFERENCE: the empty case is not documented).
 */
export async function readLastBackups(ctx: ReadContext): Promise<BackupStatus[]> {
  let body: LastBackupJson;
  try {
    body = await ctx.getJson<LastBackupJson>('openapi', '/api/v1/backup-restore/config/last-backup-status');
  } catch (error) {
    if (error instanceof IseHttpError && error.status === 404) return [];
    throw error;
  }
  const r = body.response;
  if (!r) return [];
  const startDate = r.startDate === undefined ? undefined : parseIseDate(r.startDate);
  return [
    {
      type: r.type ?? 'CONFIGURATION_DB',
      status: r.status ?? '',
      name: r.name ?? '',
      repository: r.repository ?? '',
      ...(startDate === undefined ? {} : { startDate }),
      message: r.message ?? '',
      ...(r.initiatedFrom === undefined ? {} : { initiatedFrom: r.initiatedFrom }),
    },
  ];
}
