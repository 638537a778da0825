import test from 'ava';
import { CATALOGUE, findCheck } from '../../src/checks/catalogue.js';
import type { CheckContext, FindingStatus } from '../../src/checks/types.js';
import type { NodeCli, Snapshot } from '../../src/ise/snapshot/types.js';
import { cert, context, healthy, NOW, node, ok } from './fixtures.js';

const DAY = 86_400_000;
const GIB = 1024 ** 3;

interface Case {
  id: string;
  title: string;
  change?: (s: Snapshot, c: CheckContext) => void;
  status: FindingStatus;
  /** Text the summary or evidence must name: the node, the thing, the number. */
  says?: string;
  nodes?: string[];
}

const cliOf = (s: Snapshot, h: string) => s.cli[h] as NodeCli;
const setCli = <K extends keyof NodeCli>(s: Snapshot, h: string, key: K, value: NodeCli[K]) => {
  cliOf(s, h)[key] = value;
};
/** Edits a part's value in place; the parser types are readonly, a test's copy is not. */
const mutateOk = <T>(part: unknown, f: (v: T) => void) => {
  const p = part as { state: string; value: T } | undefined;
  if (p?.state === 'ok') f(p.value);
};

/** Failing and non-passing cases; the pass case of every automated check is the healthy snapshot. */
const CASES: Case[] = [
  {
    id: 'node-status',
    title: 'a disconnected node fails, named',
    status: 'fail',
    says: 'ise-psn2 is Disconnected',
    nodes: ['ise-psn2'],
    change: (s) =>
      mutateOk(s.nodes, (n: ReturnType<typeof node>[]) => {
        (n[3] as { status: string }).status = 'Disconnected';
      }),
  },
  {
    id: 'node-status',
    title: 'an out-of-sync node fails',
    status: 'fail',
    says: 'NotInSync',
    change: (s) =>
      mutateOk(s.nodes, (n: ReturnType<typeof node>[]) => {
        (n[2] as { status: string }).status = 'NotInSync';
      }),
  },
  {
    id: 'version-parity',
    title: 'one node on another patch fails and is named as the odd one',
    status: 'fail',
    says: 'ise-psn2 runs 3.2.0.542 patch 2',
    nodes: ['ise-psn2'],
    change: (s) =>
      mutateOk(cliOf(s, 'ise-psn2').version, (v: { patch: number }) => {
        v.patch = 2;
      }),
  },
  {
    id: 'version-parity',
    title: 'on 2.x without SSH the per-node patch is unknown, so it is manual, not pass',
    status: 'manual',
    change: (s) => {
      mutateOk(s.nodes, (n: Array<{ patchSource: string }>) => {
        for (const x of n) x.patchSource = 'cluster';
      });
      for (const h of Object.keys(s.cli))
        setCli(s, h, 'version', { state: 'unavailable', reason: 'no SSH account configured' });
    },
  },
  {
    id: 'latest-patch',
    title: 'an older patch warns with the newest known',
    status: 'warn',
    says: 'patch 7 is out',
    change: (s) => (s.release = ok({ version: '3.2.0.542', release: '3.2', patch: 4 })),
  },
  {
    id: 'upgrade-path',
    title: '2.4 cannot go to 3.2 directly and gets a two-step path',
    status: 'fail',
    says: 'cannot be upgraded to 3.2 directly',
    change: (s, c) => {
      s.release = ok({ version: '2.4.0.357', release: '2.4', patch: 15 });
      c.target = '3.2';
    },
  },
  {
    id: 'upgrade-path',
    title: 'no known target is an error that lists the known ones',
    status: 'error',
    change: (_s, c) => {
      delete c.target;
      c.targetProblem = 'No upgrade from ISE 9.9 is known';
    },
  },
  {
    id: 'ssm-onprem',
    title: 'SSM On-Prem connected fails for a 3.3 target',
    status: 'fail',
    says: 'SSM',
    change: (s) => (s.licensing = ok({ connectionType: 'SSM_ONPREM_SERVER' })),
  },
  {
    id: 'ssm-onprem',
    title: 'SSM On-Prem on 2.7 P2 to 3.0 only warns (the guide names P4 and later)',
    status: 'warn',
    change: (s, c) => {
      s.licensing = ok({ connectionType: 'SSM_ONPREM_SERVER' });
      s.release = ok({ version: '2.7.0.356', release: '2.7', patch: 2 });
      c.target = '3.0';
    },
  },
  {
    id: 'disk-space',
    title: 'a 200 GB node fails the 300 GB minimum',
    status: 'fail',
    says: 'below the 300 GB minimum',
    nodes: ['ise-psn1'],
    change: (s) =>
      mutateOk(
        cliOf(s, 'ise-psn1').disks,
        (d: { filesystems: Array<{ mount: string; totalBytes: number }> }) => {
          for (const f of d.filesystems)
            if (f.mount === '/opt' || f.mount === '/localdisk') f.totalBytes = 80 * GIB;
        },
      ),
  },
  {
    id: 'disk-space',
    title: 'a nearly full /opt warns',
    status: 'warn',
    says: '/opt 95% used',
    change: (s) =>
      mutateOk(
        cliOf(s, 'ise-pan1').disks,
        (d: { filesystems: Array<{ mount: string; usedPercent: number }> }) => {
          for (const f of d.filesystems) if (f.mount === '/opt') f.usedPercent = 95;
        },
      ),
  },
  {
    id: 'memory',
    title: '16 GB on a PSN warns',
    status: 'warn',
    says: 'ise-psn1 (16 GB)',
    nodes: ['ise-psn1'],
    change: (s) =>
      setCli(s, 'ise-psn1', 'memory', ok({ recognised: true, warnings: [], totalBytes: 16 * GIB })),
  },
  {
    id: 'ntp',
    title: 'an unsynchronised node fails',
    status: 'fail',
    says: 'not synchronised',
    nodes: ['ise-pan2'],
    change: (s) =>
      mutateOk(cliOf(s, 'ise-pan2').ntp, (n: { synchronised: boolean }) => {
        n.synchronised = false;
      }),
  },
  {
    id: 'ntp',
    title: 'an unreachable server fails',
    status: 'fail',
    says: 'unreachable: 10.10.10.1',
    change: (s) =>
      mutateOk(cliOf(s, 'ise-psn1').ntp, (n: { servers: Array<{ reachable: boolean }> }) => {
        for (const x of n.servers) x.reachable = false;
      }),
  },
  {
    id: 'ntp',
    title: 'root dispersion of 3 s or more warns',
    status: 'warn',
    says: '4.2 s',
    change: (s) =>
      mutateOk(cliOf(s, 'ise-psn1').ntp, (n: { rootDispersionSeconds: number }) => {
        n.rootDispersionSeconds = 4.2;
      }),
  },
  {
    id: 'services',
    title: 'a process not running fails, named',
    status: 'fail',
    says: 'Application Server',
    nodes: ['ise-psn2'],
    change: (s) =>
      setCli(
        s,
        'ise-psn2',
        'services',
        ok({
          recognised: true,
          warnings: [],
          processes: [
            { name: 'Database Listener', state: 'running' },
            { name: 'Database Server', state: 'running' },
            { name: 'Application Server', state: 'not running' },
          ],
        }),
      ),
  },
  {
    id: 'certificates-expired',
    title: 'an expired system certificate fails with node, name, usage and days',
    status: 'fail',
    says: 'expired 3 days ago',
    nodes: ['ise-psn1'],
    change: (s) =>
      mutateOk(s.certificates, (c: unknown[]) =>
        c.push(
          cert({
            friendlyName: 'Old EAP',
            node: 'ise-psn1',
            usage: ['EAP Authentication'],
            notAfter: new Date(NOW.getTime() - 3 * DAY),
          }),
        ),
      ),
  },
  {
    id: 'certificates-expired',
    title: 'an expired trusted certificate fails too',
    status: 'fail',
    says: 'trusted store',
    change: (s) =>
      mutateOk(s.certificates, (c: unknown[]) =>
        c.push(
          cert({
            friendlyName: 'Old Root',
            store: 'trusted',
            usage: ['Infrastructure'],
            notAfter: new Date(NOW.getTime() - DAY),
          }),
        ),
      ),
  },
  {
    id: 'certificates-expiring',
    title: 'a certificate 20 days from expiry warns with its days left',
    status: 'warn',
    says: '20 days left',
    change: (s) =>
      mutateOk(s.certificates, (c: unknown[]) =>
        c.push(
          cert({
            friendlyName: 'Portal',
            node: 'ise-psn2',
            usage: ['Portal'],
            notAfter: new Date(NOW.getTime() + 20 * DAY + 3600_000),
          }),
        ),
      ),
  },
  {
    id: 'internal-ca-chain',
    title: 'a missing Endpoint Sub CA fails for that node',
    status: 'fail',
    says: 'ise-psn2',
    nodes: ['ise-psn2'],
    change: (s) =>
      mutateOk(s.certificates, (c: Array<{ friendlyName: string }>) => {
        const i = c.findIndex((x) =>
          x.friendlyName.startsWith('Certificate Services Endpoint Sub CA - ise-psn2'),
        );
        c.splice(i, 1);
      }),
  },
  {
    id: 'internal-ca-chain',
    title: 'a chain whose Node CA is gone is broken',
    status: 'fail',
    says: 'not in the store',
    change: (s) =>
      mutateOk(s.certificates, (c: Array<{ friendlyName: string }>) => {
        const i = c.findIndex((x) => x.friendlyName === 'Certificate Services Node CA - ise-psn1');
        c.splice(i, 1);
      }),
  },
  {
    id: 'condition-name-clash',
    title: 'a simple condition called EAP-TLS fails, named',
    status: 'fail',
    says: 'EAP-TLS',
    change: (s) =>
      mutateOk(s.conditions, (c: unknown[]) =>
        c.push({
          id: '9',
          name: 'EAP-TLS',
          conditionType: 'LibraryConditionAttributes',
          scope: 'network-access',
          dictionaryName: 'Network Access',
          attributeName: 'EapAuthentication',
          attributeValue: 'EAP-TLS',
        }),
      ),
  },
  {
    id: 'sponsor-group-ascii',
    title: 'a non-ASCII sponsor group fails and shows the character',
    status: 'fail',
    says: 'U+00E9',
    change: (s) => mutateOk(s.sponsorGroups, (g: unknown[]) => g.push({ id: '2', name: 'Employés' })),
  },
  {
    id: 'mdm-servers-active',
    title: 'a rule using MDM with no active MDM server fails',
    status: 'fail',
    says: 'no MDM server is active',
    change: (s) =>
      mutateOk(s.authorizationRules, (r: unknown[]) =>
        r.push({
          policySet: 'Wireless',
          name: 'BYOD compliant',
          state: 'enabled',
          hits: 3,
          dictionaries: ['MDM'],
          mdmServers: ['Intune'],
        }),
      ),
  },
  {
    id: 'pan-failover',
    title: 'automatic PAN failover enabled fails',
    status: 'fail',
    change: (s) => (s.panFailover = ok({ enabled: true, primaryHealthCheckNode: 'ise-psn1' })),
  },
  {
    id: 'recent-backup',
    title: 'a failed last configuration backup fails',
    status: 'fail',
    says: 'failed',
    change: (s) =>
      mutateOk(
        cliOf(s, 'ise-pan1').backupHistory,
        (h: { entries: Array<{ outcome: string; status: string }> }) => {
          const e = h.entries[0] as { outcome: string; status: string };
          e.outcome = 'failed';
          e.status = 'backup nightly to repository BACKUP-SFTP: copy to repository failed';
        },
      ),
  },
  {
    id: 'recent-backup',
    title: 'a backup older than 24 hours warns',
    status: 'warn',
    says: 'older than 24 hours',
    change: (s) =>
      mutateOk(
        cliOf(s, 'ise-pan1').backupHistory,
        (h: { entries: Array<{ loggedAt: { text: string; date: Date } }> }) => {
          (h.entries[0] as { loggedAt: { text: string; date: Date } }).loggedAt = {
            text: 'x',
            date: new Date(NOW.getTime() - 3 * DAY),
          };
        },
      ),
  },
  {
    id: 'repository',
    title: 'a TFTP backup repository fails',
    status: 'fail',
    says: 'TFTP',
    change: (s, c) => {
      c.backupRepository = 'TFTP1';
      mutateOk(s.repositories, (r: unknown[]) => r.push({ name: 'TFTP1', protocol: 'TFTP' }));
    },
  },
  {
    id: 'repository',
    title: 'a repository that does not answer fails with the CLI message',
    status: 'fail',
    says: 'Connection timed out',
    change: (s) =>
      (cliOf(s, 'ise-pan1').repositoryFiles = {
        'BACKUP-SFTP': ok({
          ok: false,
          recognised: true,
          warnings: [],
          reason: 'unreachable',
          message: '% Connection timed out',
        }),
      }),
  },
  {
    id: 'repository',
    title: 'other repositories of unsupported kinds are listed as a warning',
    status: 'warn',
    says: 'WEB (HTTP)',
    change: (s) => mutateOk(s.repositories, (r: unknown[]) => r.push({ name: 'WEB', protocol: 'HTTP' })),
  },
  {
    id: 'upgrade-bundle',
    title: 'no bundle for the target warns with the prepare command',
    status: 'warn',
    change: (_s, c) => {
      c.target = '3.4';
    },
  },
  {
    id: 'firewall-ports',
    title: 'a closed port fails, naming node and port',
    status: 'fail',
    says: 'ise-psn1:12001',
    change: (s) =>
      mutateOk(s.ports, (p: Array<{ node: string; port: number; open: boolean }>) => {
        for (const x of p) if (x.node === 'ise-psn1' && x.port === 12001) x.open = false;
      }),
  },
  {
    id: 'upgrade-time',
    title: 'PSN-only nodes fit the 4-hour window',
    status: 'pass',
    change: (s) => (s.nodes = ok([node('ise-psn1', [], ['Session'])])),
  },
  {
    id: 'upgrade-time',
    title: 'an MnT with 45 GB of data warns',
    status: 'warn',
    says: 'ise-pan1',
    change: (s) =>
      mutateOk(
        cliOf(s, 'ise-pan1').disks,
        (d: { filesystems: Array<{ mount: string; usedBytes: number }> }) => {
          for (const f of d.filesystems) if (f.mount === '/opt') f.usedBytes = 45 * GIB;
        },
      ),
  },
  {
    id: 'ad-join',
    title: 'join points present are manual, listed',
    status: 'manual',
    says: 'corp.example.com',
    change: (s) => (s.adJoinPoints = ok([{ name: 'CORP', domain: 'corp.example.com' }])),
  },
  {
    id: 'profiler-config',
    title: 'a PSN whose profiler config is missing is manual',
    status: 'manual',
    says: 'ise-psn2',
    change: (s) => (s.profiler = ok({ 'ise-psn1': ['RADIUS'] })),
  },
  {
    id: 'stale-policy',
    title: 'rules with zero hits are listed for information',
    status: 'info',
    says: 'Old VPN',
    change: (s) =>
      mutateOk(s.authorizationRules, (r: unknown[]) =>
        r.push({
          policySet: 'Default',
          name: 'Old VPN',
          state: 'enabled',
          hits: 0,
          dictionaries: [],
          mdmServers: [],
        }),
      ),
  },
  {
    id: 'mnt-data',
    title: 'an MnT /opt 80% full warns',
    status: 'warn',
    says: 'ise-pan2',
    change: (s) =>
      mutateOk(
        cliOf(s, 'ise-pan2').disks,
        (d: { filesystems: Array<{ mount: string; usedPercent: number }> }) => {
          for (const f of d.filesystems) if (f.mount === '/opt') f.usedPercent = 80;
        },
      ),
  },
];

const notPassOnHealthy = new Set(['upgrade-time', 'mnt-data']);
for (const check of CATALOGUE.filter((c) => c.kind === 'automated' && !notPassOnHealthy.has(c.id))) {
  test(`${check.id}: passes on a healthy deployment`, (t) => {
    const f = check.evaluate(healthy(), context());
    t.is(f.status, 'pass', f.summary);
    t.is(f.id, check.id);
    t.is(f.section, check.section);
  });
}

for (const c of CASES) {
  test(`${c.id}: ${c.title}`, (t) => {
    const s = healthy();
    const ctx = context();
    c.change?.(s, ctx);
    const check = findCheck(c.id);
    if (!check) return t.fail(`no check ${c.id}`);
    const f = check.evaluate(s, ctx);
    t.is(f.status, c.status, `${f.summary}\n${f.evidence.join('\n')}`);
    if (c.says)
      t.true(
        [f.summary, ...f.evidence].join('\n').includes(c.says),
        `${f.summary}\n${f.evidence.join('\n')}`,
      );
    if (c.nodes) t.deepEqual(f.nodes, c.nodes);
    if (f.status !== 'pass') t.not(f.remediation, 'Nothing to do.');
  });
}

test('every automated check has a failing or non-pass case here', (t) => {
  const covered = new Set(CASES.map((c) => c.id));
  t.deepEqual(
    CATALOGUE.filter((c) => c.kind === 'automated' && !covered.has(c.id)).map((c) => c.id),
    [],
  );
});
