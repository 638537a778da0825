import { compareRelease } from '../../ise/release.js';
import { finding, read } from '../finding.js';
import { GUIDE, MENU } from '../sections.js';
import type { Check } from '../types.js';

const base = {
  id: 'ssm-onprem',
  title: 'SSM On-Prem server disconnected',
  section: GUIDE.guidelines,
};

/**
 * The 3.0 guide: from 2.6 P10+ or 2.7 P4+, disconnect SSM On-Prem first. The 3.2 guide adds earlier
 * releases and 3.3+ says any source (upgrade rules §3), so for targets from 3.2 every source counts.
 */
function mustDisconnect(source: string, patch: number, target: string | undefined): boolean {
  if (target !== undefined && compareRelease(target, '3.2') >= 0) return true;
  if (source === '2.6') return patch >= 10;
  if (source === '2.7') return patch >= 4;
  return compareRelease(source, '2.7') > 0;
}

export const ssmOnprem: Check = {
  ...base,
  kind: 'automated',
  needs: ['licensing'],
  evaluate(snapshot, context) {
    const look = `Open ${MENU.licensing}: the connection method must not be SSM On-Prem during the upgrade.`;
    const licensing = read(base, snapshot.licensing, 'licensing connection method', { look });
    if (!licensing.ok) return licensing.finding;
    const type = licensing.value.connectionType;
    const evidence = [`connection method: ${type} (${licensing.source})`];
    if (!/ssm|on.?prem/i.test(type)) {
      return finding(base, {
        status: 'pass',
        summary: `Licensing uses ${type}, not SSM On-Prem.`,
        evidence,
        remediation: 'Nothing to do.',
      });
    }
    const release = snapshot.release.state === 'ok' ? snapshot.release.value : undefined;
    const blocking =
      release === undefined ||
      release.patch === undefined ||
      mustDisconnect(release.release, release.patch, context.target);
    return finding(base, {
      status: blocking ? 'fail' : 'warn',
      summary: blocking
        ? 'ISE is connected to an SSM On-Prem server; it must be disconnected before this upgrade.'
        : 'ISE is connected to an SSM On-Prem server; the guide requires disconnecting it only from 2.6 P10 / 2.7 P4, but it is safer to.',
      evidence,
      remediation: `In ${MENU.licensing}, change the connection method away from SSM On-Prem (note the server settings first) and reconnect it after the upgrade.`,
    });
  },
};
