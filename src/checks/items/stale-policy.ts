import type { Snapshot } from '../../ise/snapshot/types.js';
import { finding, gapsOf, plural, read, withGaps } from '../finding.js';
import { GUIDE, MENU } from '../sections.js';
import type { Check, Finding } from '../types.js';

const base = { id: 'stale-policy', title: 'Unused policy sets and rules', section: GUIDE.guidelines };

/** "Review the existing policies and rules and remove outdated, redundant, and stale policy and rules." */
export const stalePolicy: Check = {
  ...base,
  kind: 'automated',
  needs: ['policySets', 'authorizationRules'],
  evaluate(snapshot) {
    return withGaps(
      judge(snapshot),
      gapsOf(snapshot.policySets, snapshot.authorizationRules),
      'policy sets and rules',
    );
  },
};

function judge(snapshot: Snapshot): Finding {
  const look = `Open ${MENU.policySets}, reset hit counts a few weeks before the upgrade, and review rules still at 0 hits.`;
  const sets = read(base, snapshot.policySets, 'policy sets', { look });
  if (!sets.ok) return sets.finding;
  const rules = read(base, snapshot.authorizationRules, 'authorization rules', { look });
  if (!rules.ok) return rules.finding;
  const idleSets = sets.value.filter((s) => !s.isDefault && s.hits === 0);
  const idleRules = rules.value.filter((r) => r.hits === 0 && !/^default$/i.test(r.name));
  if (sets.value.length === 0 && rules.value.length === 0) {
    return finding(base, {
      status: 'pass',
      summary: 'There is no policy set or authorization rule to review.',
      evidence: ['0 policy sets, 0 authorization rules'],
      remediation: 'Nothing to do.',
    });
  }
  const counted =
    sets.value.some((s) => s.hits !== undefined) || rules.value.some((r) => r.hits !== undefined);
  if (!counted) {
    return finding(base, {
      status: 'info',
      summary: 'ISE did not report hit counts; review the policy by hand.',
      evidence: [`${sets.value.length} policy sets, ${rules.value.length} authorization rules`],
      remediation: look,
    });
  }
  if (idleSets.length === 0 && idleRules.length === 0) {
    return finding(base, {
      status: 'pass',
      summary: `Every policy set and authorization rule has hits (${sets.value.length} sets, ${rules.value.length} rules).`,
      evidence: [`${sets.value.length} policy sets, ${rules.value.length} authorization rules`],
      remediation: 'Nothing to do.',
    });
  }
  return finding(base, {
    status: 'info',
    summary: `${plural(idleSets.length, 'policy set')} and ${plural(idleRules.length, 'authorization rule')} have no hits.`,
    evidence: [
      ...idleSets.map((s) => `policy set ${s.name} (${s.state}): 0 hits`),
      ...idleRules.map((r) => `${r.policySet} / ${r.name} (${r.state}): 0 hits`),
    ],
    remediation: `Review them in ${MENU.policySets}: delete or disable what is obsolete, so the upgrade migrates less and the policy stays readable. Hit counts start at the last reset or restart, so check they cover a normal business cycle.`,
  });
}
