import test from 'ava';
import { findCheck } from '../../src/checks/catalogue.js';
import type { Finding } from '../../src/checks/types.js';
import type { CertificateInfo, NodeCli, Snapshot } from '../../src/ise/snapshot/types.js';
import { cert, context, healthy, NOW, ok } from './fixtures.js';

/* Issue 14 item 8: checks that know how ISE keeps its data, so a normal deployment is not failed. */

const DAY = 86_400_000;
const show = (f: Finding | undefined) => (f ? `${f.status}: ${f.summary}\n${f.evidence.join('\n')}` : 'none');
const evaluate = (id: string, s: Snapshot) => findCheck(id)?.evaluate(s, context());

/** The chain ISE kept from before "Replace ISE Root CA chain": same names, expired a month ago. */
function oldChain(host: string): CertificateInfo[] {
  const expired = new Date(NOW.getTime() - 30 * DAY);
  const trusted = { store: 'trusted' as const, usage: [], internalCa: true, notAfter: expired };
  return [
    cert({
      ...trusted,
      friendlyName: 'Certificate Services Root CA - ise-pan1#00001',
      subject: 'CN=Certificate Services Root CA - ise-pan1',
      issuer: 'CN=Certificate Services Root CA - ise-pan1',
      fingerprint: 'old-root',
    }),
    cert({
      ...trusted,
      friendlyName: `Certificate Services Node CA - ${host}#00002`,
      subject: `CN=Certificate Services Node CA - ${host}`,
      issuer: 'Certificate Services Root CA - ise-pan1',
      fingerprint: 'old-node-ca',
    }),
    cert({
      ...trusted,
      friendlyName: `Certificate Services Endpoint Sub CA - ${host}#00003`,
      subject: `CN=Certificate Services Endpoint Sub CA - ${host}`,
      issuer: `Certificate Services Node CA - ${host}`,
      fingerprint: 'old-sub-ca',
    }),
  ];
}

function withCertificates(s: Snapshot, change: (certs: CertificateInfo[]) => CertificateInfo[]): void {
  const part = s.certificates;
  if (part?.state === 'ok') s.certificates = ok(change(part.value));
}

test('internal-ca-chain: the old expired chain ISE keeps next to the new one does not fail the node', (t) => {
  const s = healthy();
  // Listed first, so a check that takes the first name match would walk the expired chain.
  withCertificates(s, (certs) => [...oldChain('ise-psn1'), ...certs]);
  const f = evaluate('internal-ca-chain', s);
  t.is(f?.status, 'pass', show(f));
  t.true(
    f?.evidence.some((e) => e.startsWith('ise-psn1: ') && e.includes('1 more Endpoint Sub CA')),
    show(f),
  );
});

test('internal-ca-chain: a valid Sub CA whose only Node CA has expired still fails', (t) => {
  const s = healthy();
  withCertificates(s, (certs) =>
    certs.map((c) =>
      c.friendlyName === 'Certificate Services Node CA - ise-psn1'
        ? { ...c, notAfter: new Date(NOW.getTime() - DAY), unreadable: undefined }
        : c,
    ),
  );
  const f = evaluate('internal-ca-chain', s);
  t.is(f?.status, 'fail', show(f));
  t.deepEqual(f?.nodes, ['ise-psn1']);
  t.true(
    f?.evidence.some((e) => e.includes('Node CA - ise-psn1 has expired')),
    show(f),
  );
});

test('internal-ca-chain: only an expired chain for a node fails it, naming the expired link', (t) => {
  const s = healthy();
  withCertificates(s, (certs) => [
    ...oldChain('ise-psn2'),
    ...certs.filter((c) => !c.friendlyName.startsWith('Certificate Services Endpoint Sub CA - ise-psn2')),
  ]);
  const f = evaluate('internal-ca-chain', s);
  t.is(f?.status, 'fail', show(f));
  t.deepEqual(f?.nodes, ['ise-psn2']);
});

function processesOf(s: Snapshot, host: string, extra: Array<{ name: string; state: string }>): void {
  const part = (s.cli[host] as NodeCli).services;
  if (part?.state === 'ok')
    (s.cli[host] as NodeCli).services = ok({ ...part.value, processes: [...part.value.processes, ...extra] });
}

test('services: a stopped PassiveID process on a node without PassiveIdentity is normal (3.2/3.3 sample)', (t) => {
  const s = healthy();
  processesOf(s, 'ise-psn1', [
    { name: 'PassiveID WMI Service', state: 'running' },
    { name: 'PassiveID API Service', state: 'not running' },
  ]);
  const f = evaluate('services', s);
  t.is(f?.status, 'pass', show(f));
  t.true(
    f?.evidence.some((e) => e.includes('not used by this node')),
    show(f),
  );
});

test('services: the same stopped PassiveID process fails a node that runs PassiveIdentity', (t) => {
  const s = healthy();
  if (s.nodes.state === 'ok') s.nodes.value[2]?.services.push('PassiveIdentity');
  processesOf(s, 'ise-psn1', [{ name: 'PassiveID API Service', state: 'not running' }]);
  const f = evaluate('services', s);
  t.is(f?.status, 'fail', show(f));
  t.deepEqual(f?.nodes, ['ise-psn1']);
});

test('services: a stopped M&T process fails an MnT node and is ignored on a PSN', (t) => {
  const s = healthy();
  processesOf(s, 'ise-pan2', [{ name: 'M&T Log Processor', state: 'not running' }]);
  processesOf(s, 'ise-psn2', [{ name: 'M&T Log Processor', state: 'not running' }]);
  const f = evaluate('services', s);
  t.is(f?.status, 'fail', show(f));
  t.deepEqual(f?.nodes, ['ise-pan2']);
});

test('services: a stopped Application Server fails whatever the personas', (t) => {
  const s = healthy();
  const part = (s.cli['ise-psn2'] as NodeCli).services;
  if (part?.state === 'ok')
    (s.cli['ise-psn2'] as NodeCli).services = ok({
      ...part.value,
      processes: part.value.processes.map((p) =>
        p.name === 'Application Server' ? { name: p.name, state: 'not running' } : p,
      ),
    });
  const f = evaluate('services', s);
  t.is(f?.status, 'fail', show(f));
  t.deepEqual(f?.nodes, ['ise-psn2']);
});

test('services: a stopped process the bot cannot attribute is for a person, not a fail', (t) => {
  const s = healthy();
  processesOf(s, 'ise-psn2', [{ name: 'AD Connector', state: 'not running' }]);
  const f = evaluate('services', s);
  t.is(f?.status, 'manual', show(f));
  t.deepEqual(f?.nodes, ['ise-psn2']);
});

const GIB = 1024 ** 3;
const fs = (mount: string, totalGb: number, usedPercent = 10) => ({
  mount,
  usedPercent,
  usedBytes: (totalGb * GIB * usedPercent) / 100,
  totalBytes: totalGb * GIB,
  freeBytes: (totalGb * GIB * (100 - usedPercent)) / 100,
});

function disksOf(s: Snapshot, host: string, filesystems: ReturnType<typeof fs>[]): void {
  const part = (s.cli[host] as NodeCli).disks;
  if (part?.state === 'ok') (s.cli[host] as NodeCli).disks = ok({ ...part.value, filesystems });
}

test('disk-space: tmpfs, overlay and /run mounts are never added to the disk', (t) => {
  const s = healthy();
  // A 200 GB VM whose memory-backed and container mounts would lift the sum well over 300 GB.
  disksOf(s, 'ise-psn1', [
    fs('/', 28),
    fs('/opt', 150),
    fs('/localdisk', 20),
    fs('/run', 32),
    fs('/run/user/0', 6),
    fs('/dev/shm', 32),
    fs('/sys/fs/cgroup', 32),
    fs('/opt/docker/runtime/overlay2/3f2a9c/merged', 150),
    fs('/var/lib/docker/containers/ab12/mounts/shm', 1),
  ]);
  const f = evaluate('disk-space', s);
  t.is(f?.status, 'fail', show(f));
  t.deepEqual(f?.nodes, ['ise-psn1']);
  t.true(f?.summary.includes('ise-psn1 (198 GB)'), show(f));
});

test('disk-space: deploymentinfo VMDiskSpace is the disk size where ISE gives it', (t) => {
  const s = healthy();
  // 300 GiB VMs whose listed filesystems add up to less than 90 % of it.
  disksOf(s, 'ise-psn1', [fs('/', 28), fs('/opt', 200), fs('/localdisk', 30)]);
  s.vmDisks = ok({ 'ise-psn1': 300 * GIB, 'ise-psn2': 200 * GIB });
  const f = evaluate('disk-space', s);
  t.is(f?.status, 'fail', show(f));
  t.deepEqual(f?.nodes, ['ise-psn2'], show(f));
  t.true(
    f?.evidence.some((e) => e.startsWith('ise-psn1: 300 GB VM disk (deploymentinfo VMDiskSpace)')),
    show(f),
  );
});

test('disk-space: a node that lists only memory-backed mounts is error, not a 0 GB disk', (t) => {
  const s = healthy();
  disksOf(s, 'ise-psn2', [fs('/run', 32), fs('/dev/shm', 32)]);
  const f = evaluate('disk-space', s);
  t.is(f?.status, 'error', show(f));
  t.deepEqual(f?.nodes, ['ise-psn2']);
  t.false(f?.summary.includes('0 GB'), show(f));
});

test('services: a pxGrid process still initializing on a node without pxGrid does not hold up the check', (t) => {
  const s = healthy();
  processesOf(s, 'ise-psn1', [{ name: 'ISE pxGrid Direct Service', state: 'initializing' }]);
  const f = evaluate('services', s);
  t.is(f?.status, 'pass', show(f));
});

test('internal-ca-chain: an unreadable expiry on the new Sub CA beside the old expired one is error, not fail', (t) => {
  const s = healthy();
  withCertificates(s, (certs) => [
    ...oldChain('ise-psn1').filter((c) => c.fingerprint === 'old-sub-ca'),
    ...certs.map((c): CertificateInfo => {
      if (!c.friendlyName.startsWith('Certificate Services Endpoint Sub CA - ise-psn1')) return c;
      const { notAfter: _dropped, ...rest } = c;
      return {
        ...rest,
        unreadable: {
          field: 'expirationDate',
          text: 'Tue Mar 05 10:15:07 XYZT 2030',
          reason: 'unknown zone',
        },
      };
    }),
  ]);
  const f = evaluate('internal-ca-chain', s);
  t.is(f?.status, 'error', show(f));
  t.deepEqual(f?.nodes, ['ise-psn1']);
  t.true(
    f?.evidence.some((e) => e.includes('XYZT')),
    show(f),
  );
});
