import { compareRelease } from '../../ise/release.js';
import { finding } from '../finding.js';
import { GUIDE } from '../sections.js';
import type { Check } from '../types.js';

const base = { id: 'urt', title: 'Upgrade Readiness Tool run on the secondary PAN', section: GUIDE.urt };

/**
 * URT validates the configuration data on a cloned database; it has no API, so a person runs it and
 * confirms. From 3.2 P3 the new split upgrade's own pre-checks replace it (upgrade rules §2), so a
 * 3.3+ target from a 3.2 P3+ source needs no URT.
 */
export const urt: Check = {
  ...base,
  kind: 'manual',
  needs: [],
  evaluate(snapshot, context) {
    const release = snapshot.release.state === 'ok' ? snapshot.release.value : undefined;
    const newSplit =
      release !== undefined &&
      context.target !== undefined &&
      compareRelease(context.target, '3.3') >= 0 &&
      (compareRelease(release.release, '3.2') > 0 ||
        (release.release === '3.2' && (release.patch ?? 0) >= 3));
    if (newSplit) {
      return finding(base, {
        status: 'info',
        summary: `Not needed for ${release?.release} P${release?.patch} → ${context.target}: the upgrade wizard's pre-checks replace URT.`,
        evidence: [
          'new split upgrade from 3.2 P3 runs its own pre-checks, including the configuration data upgrade',
        ],
        remediation:
          'Run the pre-checks in Administration > System > Upgrade > Upgrade Now; their results expire after 3 hours.',
      });
    }
    const bundle = `ise-urtbundle-${context.target ?? '<target>'}…-1.0.0.SPA.x86_64.tar.gz`;
    return finding(base, {
      status: 'manual',
      summary:
        'Run the Upgrade Readiness Tool on the secondary PAN (never the primary) with a bundle under 45 days old, and confirm.',
      evidence: ['URT has no API: its run and result are only on the node’s CLI'],
      remediation: `Download ${bundle} from software.cisco.com (it refuses to run when older than 45 days), copy it to a repository, and on the secondary PAN (or the standalone node) run \`application install ${bundle} <repository>\`. Do not back up, restore or change personas meanwhile. Fix what it reports, run it again until it passes, then \`ack urt\`. If it estimates more than 4 hours for a node, upgrade that node from the CLI.`,
    });
  },
};
