import type { Snapshot } from '../../ise/snapshot/types.js';
import { finding, gapsOf, names, read, withGaps } from '../finding.js';
import { GUIDE, MENU } from '../sections.js';
import type { Check, Finding } from '../types.js';

const base = {
  id: 'condition-name-clash',
  title: 'No simple condition named like a predefined compound condition',
  section: GUIDE.conditions,
};

/** The predefined authorization compound conditions the guide lists; a simple condition by one of these names fails the upgrade. */
export const PREDEFINED_COMPOUND = [
  'Compliance_Unknown_Devices',
  'Non_Compliant_Devices',
  'Compliant_Devices',
  'Non_Cisco_Profiled_Phones',
  'Switch_Local_Web_Authentication',
  'Catalyst_Switch_Local_Web_Authentication',
  'Wireless_Access',
  'BYOD_is_Registered',
  'EAP-MSCHAPv2',
  'EAP-TLS',
  'Guest_Flow',
  'MAC_in_SAN',
  'Network_Access_Authentication_Passed',
] as const;

const RESERVED = new Map(PREDEFINED_COMPOUND.map((n) => [n.toLowerCase(), n]));

export const conditionNameClash: Check = {
  ...base,
  kind: 'automated',
  needs: ['conditions'],
  evaluate(snapshot) {
    return withGaps(judge(snapshot), gapsOf(snapshot.conditions), 'policy conditions');
  },
};

function judge(snapshot: Snapshot): Finding {
  const look = `Open ${MENU.conditions} and look for any of these names: ${PREDEFINED_COMPOUND.join(', ')}.`;
  const conditions = read(base, snapshot.conditions, 'policy conditions', { look });
  if (!conditions.ok) return conditions.finding;
  // Compound conditions are ISE's own predefined ones; only a simple (attribute) condition clashes.
  const clashes = conditions.value.filter(
    (c) => !/AndBlock|OrBlock|Compound/i.test(c.conditionType) && RESERVED.has(c.name.toLowerCase()),
  );
  if (clashes.length === 0) {
    return finding(base, {
      status: 'pass',
      summary: `None of the ${conditions.value.length} library conditions reuses a predefined compound condition name.`,
      evidence: [`${conditions.value.length} conditions read (${conditions.source})`],
      remediation: 'Nothing to do.',
    });
  }
  return finding(base, {
    status: 'fail',
    summary: `Simple conditions named like predefined compound conditions: ${names(
      clashes.map((c) => c.name),
      8,
    )}. The upgrade fails on them.`,
    evidence: clashes.map(
      (c) =>
        `${c.name} (${c.scope}, ${c.conditionType}${c.dictionaryName ? `: ${c.dictionaryName}:${c.attributeName ?? ''} ${c.attributeValue ?? ''}`.trimEnd() : ''}) clashes with ${RESERVED.get(c.name.toLowerCase())}`,
    ),
    // Every line is a clash that fails the upgrade: none may hide behind a count.
    faulty: clashes.length,
    remediation: `Rename each one (e.g. add a "_Custom" suffix) in ${MENU.conditions}; ISE updates the policies that use it.`,
  });
}
