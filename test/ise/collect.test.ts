import test from 'ava';
import { collectSnapshot } from '../../src/ise/snapshot/collect.js';
import type { Need } from '../../src/ise/snapshot/types.js';
import { CliPool } from '../../src/ise/ssh/pool.js';
import { accessTo, startLab } from '../lab/helpers.js';

/** The cause recorded for a part that failed ('' when it did not). */
const errorOf = (part: unknown) => (part as { error?: string } | undefined)?.error ?? '';

const ALL: Need[] = [
  'nodes',
  'nodeGroups',
  'certificates',
  'conditions',
  'policySets',
  'authorizationRules',
  'sponsorGroups',
  'mdm',
  'panFailover',
  'lastBackups',
  'repositories',
  'licensing',
  'adJoinPoints',
  'profiler',
  'cli:version',
  'cli:ntp',
  'cli:disks',
  'cli:memory',
  'cli:services',
  'cli:runningConfig',
  'cli:backupHistory',
  'cli:repositoryFiles',
];

test('only the sources the needs select are read', async (t) => {
  const lab = await startLab(t, 'healthy-3.2');
  const access = accessTo(t, lab);
  const snapshot = await collectSnapshot(access, new Set<Need>(['sponsorGroups']));
  t.is(snapshot.sponsorGroups?.state, 'ok');
  t.is(snapshot.certificates, undefined);
  t.is(snapshot.nodes.state, 'unavailable');
  t.deepEqual(Object.keys(snapshot.cli), []);
  t.deepEqual(
    [...new Set(lab.stats.calls.map((c) => c.path))],
    ['/ers/config/op/systemconfig/iseversion', '/ers/config/sponsorgroup'],
  );
  t.true(Object.values(lab.sshStats()).every((s) => s.logins === 0));
});

test('a 3.2 deployment is read from the OpenAPI, with every part ok', async (t) => {
  const lab = await startLab(t, 'healthy-3.2');
  const access = accessTo(t, lab);
  const snapshot = await collectSnapshot(access, new Set(ALL));
  for (const part of ALL.filter((n) => !n.startsWith('cli:'))) {
    t.is((snapshot[part as 'nodes'] as { state: string }).state, 'ok', part);
  }
  t.like(snapshot.certificates, { source: 'OpenAPI /api/v1/certs (system per node, trusted store)' });
  const certs = snapshot.certificates?.state === 'ok' ? snapshot.certificates.value : [];
  t.true(
    certs.some(
      (c) => c.internalCa && c.friendlyName.startsWith('Certificate Services Endpoint Sub CA - ise-psn1'),
    ),
  );
  t.true(certs.every((c) => c.notAfter !== undefined && c.notAfter.getTime() > Date.now()));
  t.like(snapshot.panFailover, { state: 'ok', value: { enabled: false } });
  t.like(snapshot.nodeGroups, {
    state: 'ok',
    value: [{ name: 'dc1', members: ['ise-psn1', 'ise-psn2'] }, { name: 'dc2' }],
  });
  const rules = snapshot.authorizationRules?.state === 'ok' ? snapshot.authorizationRules.value : [];
  t.deepEqual(rules.find((r) => r.name === 'Employees' && r.policySet === 'Wired')?.dictionaries, [
    'Radius',
    'CORP',
  ]);
  t.like(snapshot.cli['ise-psn3']?.repositoryFiles?.['backup-sftp'], { state: 'ok', value: { ok: true } });
  t.like(snapshot.cli['ise-mnt1']?.services, { state: 'ok' });
});

test('a 2.7 deployment takes per-node patches over SSH and marks API-less parts unavailable', async (t) => {
  const lab = await startLab(t, 'demo');
  const access = accessTo(t, lab);
  const snapshot = await collectSnapshot(access, new Set(ALL));
  t.like(snapshot.release, { state: 'ok', value: { release: '2.7', patch: 4 } });
  const nodes = snapshot.nodes.state === 'ok' ? snapshot.nodes.value : [];
  t.deepEqual(
    nodes.map((n) => [n.hostname, n.patch, n.patchSource]),
    [
      ['ise-pan1', 4, 'node'],
      ['ise-pan2', 4, 'node'],
      ['ise-psn1', 4, 'node'],
      ['ise-psn2', 2, 'node'],
      ['ise-psn3', 4, 'node'],
    ],
  );
  for (const part of ['certificates', 'conditions', 'panFailover', 'nodeGroups', 'lastBackups'] as const) {
    t.is(snapshot[part]?.state, 'unavailable', part);
  }
  t.regex((snapshot.certificates as { reason: string }).reason, /ISE 2\.7 has no API for certificates/);
  t.like(snapshot.licensing, { state: 'ok', value: { connectionType: 'SSM On-Prem' } });
  t.like(snapshot.mdm, { state: 'ok', value: { activeServers: 0 } });
  t.like(snapshot.profiler, { state: 'ok', value: { 'ise-psn3': ['dhcp', 'radius'] } });
  t.like(snapshot.repositories, { state: 'ok', source: 'CLI `show running-config` on ise-pan1' });
  const repos = snapshot.repositories?.state === 'ok' ? snapshot.repositories.value : [];
  t.deepEqual(
    repos.map((r) => [r.name, r.protocol]),
    [
      ['backup-ftp', 'FTP'],
      ['web-images', 'HTTP'],
      ['LOCALDISK', 'DISK'],
    ],
  );
  t.like(snapshot.sponsorGroups, { state: 'ok' });
  t.true(
    snapshot.sponsorGroups?.state === 'ok' &&
      snapshot.sponsorGroups.value.some((g) => g.name === 'Gäste Empfang'),
  );
  t.like(snapshot.cli['ise-psn1']?.ntp, { state: 'ok' });
});

test('a failing source marks only its own part as an error, with the cause', async (t) => {
  const lab = await startLab(t, 'healthy-3.2');
  await lab.setFaults({ rest: [{ path: '/ers/config/sponsorgroup', status: 500 }] });
  const access = accessTo(t, lab);
  const snapshot = await collectSnapshot(
    access,
    new Set<Need>(['sponsorGroups', 'adJoinPoints', 'licensing']),
  );
  t.like(snapshot.sponsorGroups, { state: 'error', source: 'ERS /ers/config/sponsorgroup' });
  t.regex(errorOf(snapshot.sponsorGroups), /Request failed with 500: GET \/ers\/config\/sponsorgroup/);
  t.is(snapshot.adJoinPoints?.state, 'ok');
  t.is(snapshot.licensing?.state, 'ok');
});

test('a node whose SSH login fails or whose host key changed errs alone', async (t) => {
  const lab = await startLab(t, 'healthy-3.2');
  await lab.setFaults({ ssh: { 'ise-psn1': { authFail: true }, 'ise-psn2': { changedHostKey: true } } });
  const access = accessTo(t, lab);
  const snapshot = await collectSnapshot(access, new Set<Need>(['cli:ntp', 'cli:disks']));
  t.like(snapshot.cli['ise-psn1']?.ntp, { state: 'error', source: 'SSH to ise-psn1' });
  t.like(snapshot.cli['ise-psn1']?.disks, { state: 'error' });
  t.regex(errorOf(snapshot.cli['ise-psn2']?.ntp), /host key/i);
  t.like(snapshot.cli['ise-psn3']?.ntp, { state: 'ok' });
  t.is(lab.sshStats()['ise-psn2']?.logins, 0, 'no login on a host with a changed key');
});

test('a hung command is cut by its timeout and the node’s other parts say why', async (t) => {
  const lab = await startLab(t, 'healthy-3.2');
  await lab.setFaults({ ssh: { 'ise-pan1': { hangOn: '^show ntp' } } });
  const access = accessTo(t, lab);
  const snapshot = await collectSnapshot(access, new Set<Need>(['cli:version', 'cli:ntp', 'cli:disks']), {
    commandTimeoutsMs: { ntp: 500 },
  });
  const pan = snapshot.cli['ise-pan1'];
  t.like(pan?.version, { state: 'ok' });
  t.regex(errorOf(pan?.ntp), /`show ntp` on ise-pan1 did not answer within/);
  t.like(pan?.disks, { state: 'error' });
  t.like(snapshot.cli['ise-pan2']?.ntp, { state: 'ok' });
});

test('when iseversion and MnT fail, the release comes from `show version` on the PAN', async (t) => {
  const lab = await startLab(t, 'demo');
  await lab.setFaults({ rest: [{ path: 'iseversion|mnt/Version', status: 500 }] });
  const access = accessTo(t, lab);
  const snapshot = await collectSnapshot(access, new Set<Need>(['sponsorGroups']));
  t.like(snapshot.release, { state: 'ok', value: { version: '2.7.0.356', patch: 4 } });
  t.regex(snapshot.release.state === 'ok' ? snapshot.release.source : '', /show version/);
  t.is(snapshot.sponsorGroups?.state, 'ok');
});

test('without SSH config the CLI parts say how to fix it', async (t) => {
  const lab = await startLab(t, 'healthy-3.2', { ssh: false });
  const access = accessTo(t, lab);
  const snapshot = await collectSnapshot(access, new Set<Need>(['nodes', 'cli:ntp']));
  t.is(snapshot.nodes.state, 'ok');
  t.regex(errorOf(snapshot.cli['ise-psn1']?.ntp), /No SSH access is configured.*ssh:/);
});

test('the large scenario reads every node once per source and logs into each node at most once', async (t) => {
  const lab = await startLab(t, 'large');
  const access = accessTo(t, lab);
  const pool = new CliPool({ maxSessions: 16 });
  t.teardown(() => pool.closeAll());
  const snapshot = await collectSnapshot(access, new Set(ALL), { cli: pool });
  const nodes = snapshot.nodes.state === 'ok' ? snapshot.nodes.value : [];
  t.is(nodes.length, 58);
  const count = (path: string) => lab.stats.calls.filter((c) => c.path === path).length;
  for (const node of nodes) {
    t.is(count(`/api/v1/certs/system-certificate/${node.hostname}`), 1, node.hostname);
    t.is(lab.stats.calls.filter((c) => c.path === '/api/v1/patch' && c.node === node.hostname).length, 1);
    t.is(snapshot.cli[node.hostname]?.services?.state, 'ok', node.hostname);
  }
  t.is(count('/api/v1/deployment/node'), 1);
  t.is(count('/api/v1/profile/ise-psn01'), 1);
  t.is(count('/api/v1/repository'), 1);
  const ssh = lab.sshStats();
  t.true(Object.values(ssh).every((s) => s.logins === 1));
  t.true(Object.values(pool.stats().logins).every((n) => n === 1));
  t.is(Object.keys(pool.stats().logins).length, 58);
  t.true(pool.stats().peakOpen <= 16);
  await pool.closeAll();
  t.true(
    Object.values(lab.sshStats()).every((s) => s.commands.at(-1) === 'exit'),
    'each session says exit',
  );
});
