import type { Snapshot } from '../../ise/snapshot/types.js';
import { finding, gapsOf, names, read, withGaps } from '../finding.js';
import { GUIDE, MENU } from '../sections.js';
import type { Check, Finding } from '../types.js';

const base = {
  id: 'mdm-servers-active',
  title: 'MDM servers used in authorization policy are active',
  section: GUIDE.mdm,
};
const LOOK = `Open ${MENU.mdm}: every server used in ${MENU.policySets} (MDM dictionary conditions) must be Enabled.`;

/**
 * "If an MDM server name is used in an authorization policy and the corresponding MDM server is
 * disabled, the upgrade process fails." ISE exposes only a count of active MDM servers, so the check
 * fails when rules use MDM and none is active, and warns when more servers are named than are active.
 */
export const mdmServersActive: Check = {
  ...base,
  kind: 'automated',
  needs: ['mdm', 'authorizationRules'],
  evaluate(snapshot) {
    return withGaps(judge(snapshot), gapsOf(snapshot.authorizationRules), 'authorization rules');
  },
};

function judge(snapshot: Snapshot): Finding {
  const rules = read(base, snapshot.authorizationRules, 'authorization rules', { look: LOOK });
  if (!rules.ok) return rules.finding;
  const using = rules.value.filter(
    (r) => r.mdmServers.length > 0 || r.dictionaries.some((d) => d.toUpperCase() === 'MDM'),
  );
  if (using.length === 0) {
    return finding(base, {
      status: 'pass',
      summary: 'No authorization rule uses an MDM condition.',
      evidence: [`${rules.value.length} authorization rules read (${rules.source})`],
      remediation: 'Nothing to do.',
    });
  }
  const mdm = read(base, snapshot.mdm, 'MDM server status', { look: LOOK });
  if (!mdm.ok) return mdm.finding;
  const named = [...new Set(using.flatMap((r) => r.mdmServers))];
  // The active count decides, so it leads; the rules that need a server follow.
  const evidence = [
    `active MDM servers: ${mdm.value.activeServers}`,
    ...using.map(
      (r) =>
        `${r.policySet} / ${r.name}${r.mdmServers.length > 0 ? `: ${r.mdmServers.join(', ')}` : ': MDM dictionary'}`,
    ),
  ];
  if (mdm.value.activeServers === 0) {
    return finding(base, {
      status: 'fail',
      summary: `${names(using.map((r) => r.name))} use MDM, but no MDM server is active. The upgrade fails on this.`,
      evidence,
      faulty: evidence.length,
      remediation: `Enable the MDM server in ${MENU.mdm}, or delete the MDM conditions from those rules in ${MENU.policySets}.`,
    });
  }
  if (named.length > mdm.value.activeServers) {
    return finding(base, {
      status: 'warn',
      summary: `Rules name ${named.length} MDM servers (${names(named)}) but only ${mdm.value.activeServers} is active; ISE does not say which.`,
      evidence,
      faulty: evidence.length,
      remediation: LOOK,
    });
  }
  return finding(base, {
    status: 'pass',
    summary: `${mdm.value.activeServers} MDM server(s) active for the ${using.length} rule(s) that use MDM.`,
    evidence,
    remediation: 'Nothing to do.',
  });
}
