import test from 'ava';
import { applyAcks } from '../../src/checks/acks.js';
import { CATALOGUE, findCheck } from '../../src/checks/catalogue.js';
import { evaluateAll } from '../../src/checks/engine.js';
import { findingSections } from '../../src/checks/report.js';
import type { Finding } from '../../src/checks/types.js';
import { context, healthy, NOW, ok, on27 } from './fixtures.js';

const manualIds = CATALOGUE.filter((c) => c.kind === 'manual').map((c) => c.id);

test('the manual items are the guide steps only a person can confirm', (t) => {
  t.deepEqual(manualIds, [
    'scheduled-backups',
    'urt',
    'certificate-export',
    'load-balancer',
    'vm-resources',
    'staging-test',
  ]);
});

/** For each manual item, the instruction a person needs to do it: where to click or what to change. */
const INSTRUCTIONS: Record<string, RegExp[]> = {
  'scheduled-backups': [
    /Administration > System > Backup & Restore > Schedule/,
    /"Once" schedule runs again/,
  ],
  'certificate-export': [/Export Certificate and Private Key/, /Trusted Certificates/, /internal CA/],
  'load-balancer': [/remove each PSN from the pool/, /session timeout|idle\/session timeout/],
  'vm-resources': [/Guest OS to Red Hat Enterprise Linux/, /E1000 or VMXNET3/, /reserve all CPU/],
  'staging-test': [/lab node of the same release/, /backup DC first/],
};

test('every manual item but urt has its instructions listed here', (t) => {
  t.deepEqual(Object.keys(INSTRUCTIONS).sort(), manualIds.filter((i) => i !== 'urt').sort());
});

for (const [id, patterns] of Object.entries(INSTRUCTIONS)) {
  test(`${id}: manual, with precise instructions and how to confirm`, (t) => {
    const f = findCheck(id)?.evaluate(healthy(), context());
    t.is(f?.status, 'manual');
    t.true(
      f?.remediation.endsWith(`\`ack ${id}\`.`) || f?.remediation.includes(`Then \`ack ${id}\``),
      f?.remediation,
    );
    for (const pattern of patterns) t.regex(f?.remediation ?? '', pattern);
  });
}

test('urt: manual when upgrading 2.7 to 3.0, with the install command and the 45-day rule', (t) => {
  const s = healthy();
  s.release = ok({ version: '2.7.0.356', release: '2.7', patch: 10 });
  const f = findCheck('urt')?.evaluate(s, context({ target: '3.0' }));
  t.is(f?.status, 'manual');
  t.regex(f?.remediation ?? '', /application install ise-urtbundle-3\.0/);
  t.regex(f?.summary ?? '', /45 days/);
});

test('urt: not needed (info) from 3.2 P3 and later to 3.3, where the wizard pre-checks replace it', (t) => {
  const f = findCheck('urt')?.evaluate(healthy(), context({ target: '3.3' }));
  t.is(f?.status, 'info');
});

test('post-upgrade: a reminder with the three menu paths', (t) => {
  const f = findCheck('post-upgrade')?.evaluate(healthy(), context());
  t.is(f?.status, 'info');
  t.regex(f?.remediation ?? '', /Collection Filters.*Remote Logging Targets.*RADIUS/s);
});

test('on 2.7 the checks whose data has no API there are manual, never pass', (t) => {
  const { findings } = evaluateAll(on27(), CATALOGUE, context({ target: '3.0' }));
  const status = Object.fromEntries(findings.map((f) => [f.id, f.status]));
  for (const id of [
    'certificates-expired',
    'certificates-expiring',
    'internal-ca-chain',
    'condition-name-clash',
    'mdm-servers-active',
    'pan-failover',
    'stale-policy',
    'profiler-config',
  ]) {
    t.is(status[id], 'manual', id);
  }
  // What 2.7 does read (over SSH and ERS) still decides.
  t.is(status.ntp, 'pass');
  t.is(status['sponsor-group-ascii'], 'pass');
});

test('an ack shows who confirmed and when, and the item stays manual', (t) => {
  const f = findCheck('load-balancer')?.evaluate(healthy(), context());
  if (!f) return t.fail();
  const at = new Date(NOW.getTime() - 3600_000);
  const [acked] = applyAcks(
    [f],
    new Map([
      ['load-balancer', { checkId: 'load-balancer', actor: 'slack:U1', at, releaseKey: '3.2.0.542 patch 7' }],
    ]),
  );
  t.is(acked?.status, 'manual');
  t.deepEqual(acked?.ack, { by: 'slack:U1', at: at.toISOString() });
  t.regex(acked?.summary ?? '', /^Confirmed by hand for ISE 3\.2\.0\.542 patch 7\./);
  // Who and when are rendered from `ack` (a mention, a time in the reader's zone), not as text.
  const [section] = findingSections(acked as Finding, 'prod');
  const fields = section?.blocks.find((b) => b.type === 'fields');
  const confirmed =
    fields?.type === 'fields' ? fields.fields.find((x) => x.label === 'Confirmed') : undefined;
  t.deepEqual(confirmed?.value, [{ user: 'slack:U1' }, ', ', { time: at.toISOString(), show: 'datetime' }]);
});

test('an ack never touches an item that is not manual', (t) => {
  const f = findCheck('ntp')?.evaluate(healthy(), context());
  if (!f) return t.fail();
  const [same] = applyAcks([f], new Map([['ntp', { checkId: 'ntp', actor: 'x', at: NOW, releaseKey: 'k' }]]));
  t.is(same, f);
});

test('vm-resources: passes when deploymentinfo shows every node is an SNS appliance', (t) => {
  const s = healthy();
  const names = s.nodes.state === 'ok' ? s.nodes.value.map((n) => n.hostname) : [];
  s.platforms = ok(Object.fromEntries(names.map((h) => [h, 'SNS-3695-K9'])));
  const f = findCheck('vm-resources')?.evaluate(s, context());
  t.is(f?.status, 'pass');
  // Nodes with the same product id share one line, so a large deployment names each node once.
  t.deepEqual(f?.evidence, ['SNS-3695-K9 (appliance): ise-pan1, ise-pan2, ise-psn1, ise-psn2']);
});

test('vm-resources: names only the VMs when some nodes are appliances', (t) => {
  const s = healthy();
  const names = s.nodes.state === 'ok' ? s.nodes.value.map((n) => n.hostname) : [];
  const [vm = '', ...rest] = names;
  s.platforms = ok(Object.fromEntries([[vm, 'ISE-VM-K9'], ...rest.map((h) => [h, 'SNS-3655-K9'])]));
  const f = findCheck('vm-resources')?.evaluate(s, context());
  t.is(f?.status, 'manual');
  t.deepEqual(f?.nodes, [vm]);
  t.regex(f?.remediation ?? '', /E1000 or VMXNET3/);
});
