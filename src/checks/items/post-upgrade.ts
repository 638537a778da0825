import { finding } from '../finding.js';
import { GUIDE, MENU } from '../sections.js';
import type { Check } from '../types.js';

const base = {
  id: 'post-upgrade',
  title: 'After the upgrade: keep MnT load down',
  section: GUIDE.guidelines,
};

/**
 * Guide items for after the upgrade. No published API reads RADIUS settings, collection filters or
 * remote logging targets (ise-rest-api.md §9c), so this stays a reminder.
 */
export const postUpgrade: Check = {
  ...base,
  kind: 'reminder',
  needs: [],
  evaluate() {
    return finding(base, {
      status: 'info',
      summary:
        'After the upgrade: collection filters, remote logging targets, and "Ignore repeated accounting updates".',
      evidence: ['ISE has no API for these settings'],
      remediation: `(1) ${MENU.collectionFilters}: filter noisy sources so MnT does not store duplicates. (2) ${MENU.remoteLogging}: send logging categories to a remote target (Administration > System > Logging > Logging Categories). (3) ${MENU.radius}: enable "Ignore repeated accounting updates".`,
    });
  },
};
