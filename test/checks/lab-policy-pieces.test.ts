import test, { type ExecutionContext } from 'ava';
import type { FindingStatus } from '../../src/checks/types.js';
import type { LabFaults } from '../../src/lab/faults.js';
import { labId } from '../../src/lab/rest/ids.js';
import { labChat } from '../helpers/lab-chat.js';
import { startLab } from '../lab/helpers.js';

/*
 * Issue 14 item 8: policy is read per kind and per policy set. Device admin answering 404 (not enabled)
 * must not lose the network-access rules; one policy set that cannot be read costs only itself, and a
 * check that would pass on the rest says what it could not read instead of passing.
 */

const MDM_RULE = {
  name: 'BYOD',
  hits: 5,
  condition: { dictionaryName: 'MDM', attributeName: 'DeviceCompliantStatus', attributeValue: 'Compliant' },
};

const SCENARIO = {
  name: 'policy-pieces',
  version: '3.2.0.542',
  patch: 7,
  nodes: [
    { hostname: 'ise-pan1', roles: ['PrimaryAdmin', 'PrimaryMonitoring'] },
    { hostname: 'ise-psn1', services: ['Session', 'Profiler'] },
  ],
  policySets: [
    { name: 'Wireless', hits: 5, rules: [MDM_RULE] },
    { name: 'Wired', hits: 9, rules: [{ name: 'Old VPN', hits: 0 }] },
  ],
};

interface JsonFinding {
  status: FindingStatus;
  summary: string;
  evidence: string[];
}

async function check(
  t: ExecutionContext,
  id: string,
  faults: LabFaults,
  scenario: Record<string, unknown> = SCENARIO,
) {
  const lab = await startLab(t, scenario, { faults });
  const chat = await labChat(t, lab);
  const json = await chat(`check ${id}`);
  return json.finding as JsonFinding;
}

const show = (f: JsonFinding) => `${f.status}: ${f.summary}\n${f.evidence.join('\n')}`;
const DEVICE_ADMIN_404: LabFaults = {
  rest: [{ family: 'openapi', path: '^/api/v1/policy/device-admin/', status: 404 }],
};

test('device admin answering 404 keeps the network-access rules: an MDM rule there still fails', async (t) => {
  const f = await check(t, 'mdm-servers-active', DEVICE_ADMIN_404);
  t.is(f.status, 'fail', show(f));
  t.regex(f.summary, /BYOD/);
  t.true(
    f.evidence.some((e) => e.includes('device-admin policy sets: ISE answered 404')),
    show(f),
  );
});

test('device admin answering 404 keeps the network-access rules for stale-policy and condition-name-clash', async (t) => {
  const stale = await check(t, 'stale-policy', DEVICE_ADMIN_404);
  t.is(stale.status, 'info', show(stale));
  t.true(
    stale.evidence.some((e) => e.startsWith('Wired / Old VPN')),
    show(stale),
  );
  const clash = await check(t, 'condition-name-clash', DEVICE_ADMIN_404);
  t.is(clash.status, 'pass', show(clash));
});

test('one policy set whose rules cannot be read is named, and the check does not pass on the others', async (t) => {
  // Without the MDM rule, a check that skipped the failed set would pass.
  const scenario = {
    ...SCENARIO,
    policySets: [
      { name: 'Wireless', hits: 5, rules: [{ name: 'Staff', hits: 3 }] },
      { name: 'Wired', hits: 9, rules: [{ name: 'Printers', hits: 2 }] },
    ],
  };
  const wired = labId('policy-set', 'network-access', 'Wired');
  const f = await check(
    t,
    'mdm-servers-active',
    { rest: [{ family: 'openapi', path: `/policy-set/${wired}/authorization$`, status: 500 }] },
    scenario,
  );
  t.is(f.status, 'error', show(f));
  t.true(
    f.evidence.some((e) => e.includes('network-access policy set "Wired"') && e.includes('500')),
    show(f),
  );
  t.regex(f.summary, /1 authorization rules? read|Part of the authorization rules/);
});
