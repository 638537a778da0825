import { finding } from '../finding.js';
import { GUIDE, MENU } from '../sections.js';
import type { Check } from '../types.js';

const base = {
  id: 'scheduled-backups',
  title: 'Scheduled backups disabled',
  section: GUIDE.disableAutomation,
};

/**
 * No ISE release lets an API read backup schedules (ise-rest-api.md §7c, §11: create/update only, no
 * GET), so this is always a human's to confirm. A schedule of "once" matters most: it re-runs at every
 * application restart, and the upgrade restarts ISE.
 */
export const scheduledBackups: Check = {
  ...base,
  kind: 'manual',
  needs: [],
  evaluate() {
    return finding(base, {
      status: 'manual',
      summary: 'Confirm no backup schedule is enabled, above all none with frequency "Once".',
      evidence: ['ISE has no API to read backup schedules on any release'],
      remediation: `Open ${MENU.backup} > Schedule: disable every schedule (a "Once" schedule runs again at each restart, and the upgrade restarts ISE). Note them to recreate after the upgrade. Then \`ack scheduled-backups\`.`,
    });
  },
};
