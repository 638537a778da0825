import test from 'ava';
import { findCheck } from '../../src/checks/catalogue.js';
import type { Finding } from '../../src/checks/types.js';
import type { NodeInfo } from '../../src/ise/nodes.js';
import type { Snapshot } from '../../src/ise/snapshot/types.js';
import { context, healthy, node, ok } from './fixtures.js';

/**
 * ISE 2.6 (ERS, no deploymentinfo) says which node is a PAN, a PSN or pxGrid, but not which runs MnT.
 * The PANs of this deployment are read without their monitoring roles and flagged as such.
 */
function mntUnknown(): Snapshot {
  const s = healthy();
  const nodes: NodeInfo[] = [
    node('ise-pan1', ['PrimaryAdmin'], [], { unknownPersonas: ['MnT'] }),
    node('ise-pan2', ['SecondaryAdmin'], [], { unknownPersonas: ['MnT'] }),
    node('ise-psn1', [], ['Session', 'Profiler'], { unknownPersonas: ['MnT'] }),
  ];
  return { ...s, nodes: ok(nodes) };
}

function run(id: string, s: Snapshot): Finding {
  const check = findCheck(id);
  if (!check) throw new Error(`no check ${id}`);
  return check.evaluate(s, context());
}

test('upgrade-time: a node that may run MnT with data on /opt is manual, not an estimate without MnT', (t) => {
  const f = run('upgrade-time', mntUnknown());
  t.is(f.status, 'manual');
  t.true(f.summary.includes('MnT persona'), f.summary);
  t.true(f.nodes?.includes('ise-pan1'));
  t.true(f.evidence.some((e) => e.includes('MnT unknown on this release')));
});

test('upgrade-time: the same nodes with their MnT roles read pass or warn on facts', (t) => {
  const f = run('upgrade-time', healthy());
  t.not(f.status, 'manual');
});

test('mnt-data: an unknown MnT persona is said as unknown, not as "no MnT node found"', (t) => {
  const f = run('mnt-data', mntUnknown());
  t.is(f.status, 'info');
  t.false(f.summary.includes('no MnT node found'), f.summary);
  t.true(f.summary.includes('does not tell which nodes run the MnT persona'), f.summary);
});

test('mnt-data: a deployment whose personas are known and has no MnT still says so', (t) => {
  const s = healthy();
  const f = run('mnt-data', { ...s, nodes: ok([node('ise-psn1', [], ['Session'])]) });
  t.true(f.summary.includes('no MnT node found'), f.summary);
});

test('vm-resources: nodes of unknown platform are not called VMs', (t) => {
  const s: Snapshot = {
    ...healthy(),
    platforms: { state: 'unavailable', reason: 'no deploymentinfo before 2.7' },
  };
  const f = run('vm-resources', s);
  t.is(f.status, 'manual');
  t.false(f.summary.includes('that is a VM:'), f.summary);
  t.false(f.summary.includes('for the VMs'), f.summary);
  t.true(f.summary.includes('could not tell whether'), f.summary);
});
