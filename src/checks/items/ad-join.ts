import { finding, read } from '../finding.js';
import { GUIDE, MENU } from '../sections.js';
import type { Check } from '../types.js';

const base = { id: 'ad-join', title: 'AD and internal admin credentials at hand', section: GUIDE.ad };

/** After the upgrade the AD join can be lost; rejoining needs AD credentials and an internal admin login. */
export const adJoin: Check = {
  ...base,
  kind: 'automated',
  needs: ['adJoinPoints'],
  evaluate(snapshot) {
    const points = read(base, snapshot.adJoinPoints, 'Active Directory join points', {
      look: `Open ${MENU.adJoin}: if any join point exists, have AD credentials and an internal admin account ready.`,
    });
    if (!points.ok) return points.finding;
    if (points.value.length === 0) {
      return finding(base, {
        status: 'pass',
        summary: 'No Active Directory join point: no AD credentials needed.',
        evidence: [`0 join points (${points.source})`],
        faulty: 0,
        remediation: 'Nothing to do.',
      });
    }
    return finding(base, {
      status: 'manual',
      summary: `ISE is joined to ${points.value.map((p) => p.domain).join(', ')}: have AD credentials and an internal admin account ready.`,
      // Every join point is one the credentials are needed for.
      evidence: points.value.map((p) => `${p.name}: ${p.domain}`),
      faulty: points.value.length,
      remediation: `The upgrade may drop the AD join. Make sure you hold (1) an AD account allowed to join computers in ${points.value.map((p) => p.domain).join(', ')} and (2) a working ISE internal admin login (Administration > System > Admin Access > Administrators) to log in while AD is down; rejoin in ${MENU.adJoin} > Join. Then \`ack ad-join\`.`,
    });
  },
};
