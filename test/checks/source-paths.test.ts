import test from 'ava';
import { CATALOGUE, findCheck } from '../../src/checks/catalogue.js';
import type { NodeCli, Snapshot, Sourced } from '../../src/ise/snapshot/types.js';
import { context, failed, healthy, unavailable } from './fixtures.js';

/** How to break the data each automated check reads, so its error and manual paths can be shown. */
type Breaker = (s: Snapshot, part: Sourced<never>) => void;
const everyNode =
  (key: Exclude<keyof NodeCli, 'repositoryFiles'>): Breaker =>
  (s, part) => {
    for (const h of Object.keys(s.cli)) (s.cli[h] as NodeCli)[key] = part;
  };
const BREAK: Record<string, Breaker> = {
  'node-status': (s, p) => (s.nodes = p),
  'version-parity': (s, p) => (s.nodes = p),
  'latest-patch': (s, p) => (s.release = p),
  'upgrade-path': (s, p) => (s.release = p),
  'ssm-onprem': (s, p) => (s.licensing = p),
  'disk-space': everyNode('disks'),
  memory: everyNode('memory'),
  ntp: everyNode('ntp'),
  services: everyNode('services'),
  'certificates-expired': (s, p) => (s.certificates = p),
  'certificates-expiring': (s, p) => (s.certificates = p),
  'internal-ca-chain': (s, p) => (s.certificates = p),
  'condition-name-clash': (s, p) => (s.conditions = p),
  'sponsor-group-ascii': (s, p) => (s.sponsorGroups = p),
  'mdm-servers-active': (s, p) => (s.authorizationRules = p),
  'pan-failover': (s, p) => (s.panFailover = p),
  'recent-backup': (s, p) => {
    s.lastBackups = p;
    everyNode('backupHistory')(s, p);
  },
  repository: (s, p) => {
    s.repositories = p;
    everyNode('runningConfig')(s, p);
  },
  'upgrade-bundle': (s, p) => {
    for (const c of Object.values(s.cli)) c.repositoryFiles = { 'BACKUP-SFTP': p };
  },
  'firewall-ports': (s, p) => (s.ports = p),
  'upgrade-time': (s, p) => (s.nodes = p),
  'ad-join': (s, p) => (s.adJoinPoints = p),
  'profiler-config': (s, p) => (s.profiler = p),
  'stale-policy': (s, p) => (s.policySets = p),
  'mnt-data': (s, p) => (s.nodes = p),
};

const CAUSE = 'ERS answered 503 Service Unavailable: GET /ers/config/x';
const automated = CATALOGUE.filter((c) => c.kind === 'automated');

test('every automated check has a way to break its data in this suite', (t) => {
  t.deepEqual(
    automated.map((c) => c.id).filter((id) => BREAK[id] === undefined),
    [],
  );
});

for (const check of automated) {
  // Probing ports from the bot cannot "fail to read": a probe that cannot be made is the manual table.
  const onError = check.id === 'firewall-ports' ? 'manual' : 'error';
  test(`${check.id}: a source that fails gives ${onError}, with the cause`, (t) => {
    const s = healthy();
    BREAK[check.id]?.(s, failed(CAUSE));
    const f = check.evaluate(s, context());
    t.is(f.status, onError);
    t.true([f.summary, ...f.evidence].join('\n').includes(CAUSE), f.summary);
    t.not(f.remediation, '');
  });

  test(`${check.id}: no API on this release gives manual with what to look at, not pass`, (t) => {
    const s = healthy();
    BREAK[check.id]?.(s, unavailable('ISE 2.7 has no API for this'));
    const f = check.evaluate(s, context());
    t.is(f.status, 'manual');
    t.regex(f.remediation, /Administration|Policy|Work Centers|show |Run|Open|TCP/);
  });
}

test('a part the collector never read is an error that says so, not a pass', (t) => {
  const s = healthy();
  delete s.certificates;
  const f = findCheck('certificates-expired')?.evaluate(s, context());
  t.is(f?.status, 'error');
  t.regex(f?.summary ?? '', /not read/);
});

test('when the node list failed, CLI facts from the PAN alone never pass as "all nodes"', (t) => {
  const s = healthy();
  s.nodes = failed('Request failed with 503: GET /api/v1/deployment/node');
  s.cli = { 'ise-pan1': s.cli['ise-pan1'] as NodeCli };
  for (const id of ['ntp', 'disk-space', 'memory', 'services']) {
    const f = findCheck(id)?.evaluate(s, context());
    t.is(f?.status, 'error', id);
    t.true(
      f?.evidence.some((e) => e.includes('503')),
      id,
    );
  }
});
