import { finding } from '../finding.js';
import { GUIDE } from '../sections.js';
import type { Check } from '../types.js';

const base = {
  id: 'staging-test',
  title: 'Upgrade rehearsed in staging or the backup DC',
  section: GUIDE.guidelines,
};

export const stagingTest: Check = {
  ...base,
  kind: 'manual',
  needs: [],
  evaluate(_snapshot, context) {
    return finding(base, {
      status: 'manual',
      summary: `Rehearse the upgrade${context.target ? ` to ${context.target}` : ''} before production.`,
      remediation:
        'Restore a recent configuration backup on a lab node of the same release, upgrade it, and test your use cases (802.1X, MAB, guest, posture, TACACS+) with a few users. With two data centres, upgrade and test the backup DC first. Check the bug search tool for open upgrade defects (cs.co/ise-upgrade-bugsearch). Then `ack staging-test`.',
    });
  },
};
