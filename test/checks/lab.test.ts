import test, { type ExecutionContext } from 'ava';
import type { FindingStatus } from '../../src/checks/types.js';
import type { LabOptions } from '../../src/lab/lab.js';
import { labChat } from '../helpers/lab-chat.js';
import { startLab } from '../lab/helpers.js';

interface JsonFinding {
  id: string;
  status: FindingStatus;
  summary: string;
  nodes: string[];
  evidence: string[];
}

/** `readiness` end to end: the lab's HTTPS and SSH servers, the real collector, the real commands. */
async function readiness(
  t: ExecutionContext,
  scenario: string | Record<string, unknown>,
  text = 'readiness',
  options: Omit<LabOptions, 'scenario'> = {},
) {
  const lab = await startLab(t, scenario, options);
  const chat = await labChat(t, lab);
  const json = await chat(text);
  const findings = (json.findings ?? []) as JsonFinding[];
  const status = Object.fromEntries(findings.map((f) => [f.id, f.status]));
  const byId = (id: string) => findings.find((f) => f.id === id);
  return { json, findings, status, byId };
}

test('healthy-3.2 through REST and SSH: nothing fails, and the automated checks read real data', async (t) => {
  const { json, findings, status } = await readiness(t, 'healthy-3.2');
  t.is(findings.length, 32);
  t.deepEqual(
    findings.filter((f) => f.status === 'fail').map((f) => `${f.id}: ${f.summary}`),
    [],
  );
  t.not(json.status, 'fail');
  for (const id of [
    'node-status',
    'version-parity',
    'disk-space',
    'memory',
    'ntp',
    'services',
    'certificates-expired',
    'internal-ca-chain',
    'condition-name-clash',
    'sponsor-group-ascii',
    'pan-failover',
  ]) {
    t.is(status[id], 'pass', id);
  }
});

test('demo (ISE 2.7): every planted problem shows with its status and node', async (t) => {
  const { json, status, byId } = await readiness(t, 'demo');
  t.is(json.status, 'fail');
  t.like(byId('node-status'), { status: 'fail', nodes: ['ise-psn3'] });
  t.like(byId('version-parity'), { status: 'fail', nodes: ['ise-psn2'] });
  t.is(status['ssm-onprem'], 'fail');
  t.like(byId('disk-space'), { status: 'fail', nodes: ['ise-psn1'] });
  t.is(status.ntp, 'fail');
  t.true(byId('ntp')?.nodes.includes('ise-psn1'));
  t.true(byId('ntp')?.nodes.includes('ise-pan2'), 'the 4.2 s dispersion on ise-pan2 is listed too');
  t.like(byId('memory'), { status: 'warn', nodes: ['ise-psn2'] });
  t.like(byId('services'), { status: 'fail', nodes: ['ise-psn2'] });
  t.is(status['sponsor-group-ascii'], 'fail');
  t.regex(byId('sponsor-group-ascii')?.summary ?? '', /Gäste Empfang/);
  t.is(status['recent-backup'], 'fail');
  t.is(status.repository, 'warn');
  t.regex(byId('repository')?.summary ?? '', /web-images \(HTTP\)/);
  t.is(status['ad-join'], 'manual');
  t.is(status['profiler-config'], 'pass');
});

test('demo (ISE 2.7): checks whose data has no API on 2.7 are manual, not pass', async (t) => {
  const { status } = await readiness(t, 'demo');
  for (const id of [
    'certificates-expired',
    'certificates-expiring',
    'internal-ca-chain',
    'condition-name-clash',
    'mdm-servers-active',
    'pan-failover',
    'stale-policy',
  ]) {
    t.is(status[id], 'manual', id);
  }
});

test('with every ERS resource answering 503 the release comes from MnT and only the ERS-fed checks are in error', async (t) => {
  const { findings, byId } = await readiness(t, 'healthy-3.2', 'readiness', {
    faults: { rest: [{ family: 'ers', path: '^/ers/', status: 503 }] },
  });
  t.is(findings.length, 32);
  for (const id of ['sponsor-group-ascii', 'ad-join']) {
    t.is(byId(id)?.status, 'error', id);
    t.regex(byId(id)?.summary ?? '', /503/, id);
  }
  for (const id of ['node-status', 'version-parity', 'certificates-expired', 'pan-failover', 'ntp']) {
    t.is(byId(id)?.status, 'pass', id);
  }
});

// ERS answers 503 for the resources only ERS serves on 3.2, and one node's CLI refuses the login.
test('one node’s SSH down and ERS answering 503 still give a full report, only the affected checks in error', async (t) => {
  const { findings, byId } = await readiness(t, 'healthy-3.2', 'readiness', {
    faults: {
      rest: [{ family: 'ers', path: '^/ers/config/(sponsorgroup|activedirectory)', status: 503 }],
      ssh: { 'ise-psn2': { authFail: true } },
    },
  });
  t.is(findings.length, 32);
  for (const id of ['sponsor-group-ascii', 'ad-join']) {
    t.is(byId(id)?.status, 'error', id);
    t.regex(byId(id)?.summary ?? '', /503/, id);
  }
  for (const id of ['ntp', 'disk-space', 'services', 'memory']) {
    const f = byId(id);
    t.is(f?.status, 'error', id);
    t.true(f?.nodes.includes('ise-psn2'), id);
    t.true(
      f?.evidence.some((e) => e.startsWith('ise-psn2: not read: ')),
      id,
    );
  }
  for (const id of ['node-status', 'certificates-expired', 'pan-failover', 'condition-name-clash']) {
    t.is(byId(id)?.status, 'pass', id);
  }
});

test('check <id> through the lab reads one check with its evidence', async (t) => {
  const { json } = await readiness(t, 'demo', 'check version-parity');
  t.is(json.kind, 'check');
  t.is(json.status, 'fail');
  t.like(json.finding, { id: 'version-parity', status: 'fail', nodes: ['ise-psn2'] });
});
