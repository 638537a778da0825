import { daysFrom, nodeZone, panOf } from '../scenario.js';
import { javaDate } from './java-date.js';
import { json, type LabRoute } from './types.js';

/** Backup and restore (3.1+): the last backup's status (ise-rest-api.md §7b). Every value is a string. */
export const backupRoutes: LabRoute[] = [
  {
    method: 'GET',
    family: 'openapi',
    path: /^\/api\/v1\/backup-restore\/config\/last-backup-status\/?$/,
    handle: ({ scenario, now }) => {
      const last = scenario.backups.last;
      // No backup yet: INFERENCE, the module's `{code, message}` error with 404 (not documented).
      if (!last) return json({ code: 404, message: 'No backup information found' }, 404);
      const done = last.status !== 'IN_PROGRESS';
      return json({
        response: {
          action: 'BACKUP',
          details: done ? 'Completing Backup' : 'Backing up ISE Configuration Data',
          error: String(last.status === 'ERROR'),
          hostName: `${scenario.nodes[0]?.hostname ?? 'ise'}.${scenario.domain}`,
          initiatedFrom: last.initiatedFrom,
          justComplete: String(done),
          message: last.message,
          name: last.name,
          percentComplete: last.status === 'COMPLETED' ? '100' : last.status === 'ERROR' ? '75' : '20',
          repository: last.repository,
          scheduled: 'BACKUP',
          startDate: javaDate(daysFrom(now, -last.daysAgo), nodeZone(scenario, panOf(scenario))),
          status: last.status,
          type: last.type,
        },
        version: '1.0.0',
      });
    },
  },
];
