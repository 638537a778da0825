import test, { type ExecutionContext } from 'ava';
import type { FindingStatus } from '../../src/checks/types.js';
import { labChat } from '../helpers/lab-chat.js';
import { startLab } from '../lab/helpers.js';

/** A small clean ISE 3.2 P7 deployment; each case plants one problem into a copy of it. */
// biome-ignore lint/suspicious/noExplicitAny: scenario data is validated by the lab's own schema
type Raw = any;
const BASE: Raw = {
  name: 'check-lab',
  version: '3.2.0.542',
  patch: 7,
  nodes: [
    { hostname: 'ise-pan1', roles: ['PrimaryAdmin', 'PrimaryMonitoring'] },
    { hostname: 'ise-psn1', services: ['Session', 'Profiler'] },
    { hostname: 'ise-psn2', services: ['Session', 'Profiler'] },
  ],
  repositories: [
    {
      name: 'backup-sftp',
      protocol: 'SFTP',
      serverName: '10.20.9.5',
      path: '/ise',
      files: ['ise-upgradebundle-3.2.x-3.4.x-to-3.5.0.527.SPA.x86_64.tar.gz'],
    },
  ],
  backups: {
    last: { name: 'nightly', repository: 'backup-sftp', daysAgo: 0.2 },
    history: [{ daysAgo: 0.2, name: 'nightly', repository: 'backup-sftp' }],
  },
};

async function check(t: ExecutionContext, id: string, plant: (s: Raw) => void = () => {}) {
  const scenario = structuredClone(BASE);
  plant(scenario);
  const lab = await startLab(t, scenario);
  const chat = await labChat(t, lab);
  const json = await chat(`check ${id} --target 3.5`);
  return json.finding as {
    status: FindingStatus;
    summary: string;
    nodes: string[];
    evidence: string[];
  };
}

const node = (s: Raw, hostname: string) => s.nodes.find((n: { hostname: string }) => n.hostname === hostname);

const PASSING = [
  'node-status',
  'version-parity',
  'latest-patch',
  'upgrade-path',
  'ssm-onprem',
  'disk-space',
  'memory',
  'ntp',
  'services',
  'certificates-expired',
  'certificates-expiring',
  'internal-ca-chain',
  'condition-name-clash',
  'sponsor-group-ascii',
  'mdm-servers-active',
  'pan-failover',
  'recent-backup',
  'repository',
  'upgrade-bundle',
  'ad-join',
  'profiler-config',
  'stale-policy',
];

for (const id of PASSING) {
  test(`lab: ${id} passes on a clean 3.2 deployment`, async (t) => {
    const f = await check(t, id);
    t.is(f.status, 'pass', f.summary);
  });
}

const PLANTED: Array<[string, string, (s: Raw) => void, FindingStatus, string?]> = [
  [
    'node-status',
    'a disconnected PSN',
    (s) => (node(s, 'ise-psn2').status = 'Disconnected'),
    'fail',
    'ise-psn2',
  ],
  ['version-parity', 'a PSN on patch 5', (s) => (node(s, 'ise-psn2').patch = 5), 'fail', 'ise-psn2'],
  ['latest-patch', 'patch 4', (s) => (s.patch = 4), 'warn'],
  ['upgrade-path', '2.6 to 3.5', (s) => (s.version = '2.6.0.156'), 'fail'],
  ['ssm-onprem', 'SSM On-Prem', (s) => (s.licensing = { connectionType: 'SSM_ONPREM_SERVER' }), 'fail'],
  ['disk-space', 'a 200 GB PSN', (s) => (node(s, 'ise-psn1').disk = { totalGb: 200 }), 'fail', 'ise-psn1'],
  ['memory', 'a 12 GB PSN', (s) => (node(s, 'ise-psn1').memoryGb = 12), 'warn', 'ise-psn1'],
  [
    'ntp',
    'an unsynchronised PSN',
    (s) => (node(s, 'ise-psn1').ntp = { synchronised: false }),
    'fail',
    'ise-psn1',
  ],
  [
    'services',
    'Application Server down',
    (s) => (node(s, 'ise-psn1').processes = { 'Application Server': 'not running' }),
    'fail',
    'ise-psn1',
  ],
  [
    'certificates-expired',
    'an expired EAP certificate',
    (s) =>
      (node(s, 'ise-psn1').certificates = [
        { friendlyName: 'Old EAP', usedBy: 'EAP Authentication', expiresInDays: -3 },
      ]),
    'fail',
    'ise-psn1',
  ],
  [
    'certificates-expiring',
    'a certificate 20 days from expiry',
    (s) =>
      (node(s, 'ise-psn1').certificates = [{ friendlyName: 'Portal', usedBy: 'Portal', expiresInDays: 20 }]),
    'warn',
    'ise-psn1',
  ],
  [
    'internal-ca-chain',
    'a missing Endpoint Sub CA',
    (s) => (s.internalCa = { missingSubCaFor: ['ise-psn1'] }),
    'fail',
    'ise-psn1',
  ],
  [
    'internal-ca-chain',
    'an expired Endpoint Sub CA',
    (s) => (s.internalCa = { expiredSubCaFor: ['ise-psn2'] }),
    'fail',
    'ise-psn2',
  ],
  [
    'condition-name-clash',
    'a simple condition named EAP-TLS',
    (s) =>
      (s.conditions = [
        {
          name: 'EAP-TLS',
          dictionaryName: 'Network Access',
          attributeName: 'EapAuthentication',
          attributeValue: 'EAP-TLS',
        },
      ]),
    'fail',
  ],
  [
    'sponsor-group-ascii',
    'a sponsor group named Gäste',
    (s) => (s.sponsorGroups = ['ALL_ACCOUNTS (default)', 'Gäste']),
    'fail',
  ],
  [
    'mdm-servers-active',
    'a rule on MDM with no active server',
    (s) =>
      (s.policySets = [
        {
          name: 'Wireless',
          hits: 5,
          rules: [
            {
              name: 'BYOD',
              hits: 5,
              condition: {
                dictionaryName: 'MDM',
                attributeName: 'DeviceCompliantStatus',
                attributeValue: 'Compliant',
              },
            },
          ],
        },
      ]),
    'fail',
  ],
  [
    'pan-failover',
    'automatic failover on',
    (s) => (s.panHa = { enabled: true, primaryHealthCheckNode: 'ise-psn1' }),
    'fail',
  ],
  [
    'recent-backup',
    'the last backup failed',
    (s) =>
      (s.backups = {
        last: {
          status: 'ERROR',
          repository: 'backup-sftp',
          daysAgo: 0.2,
          message: 'copy to repository failed',
        },
        history: [],
      }),
    'fail',
  ],
  ['repository', 'the repository does not answer', (s) => (s.repositories[0].reachable = false), 'fail'],
  ['upgrade-bundle', 'no bundle staged', (s) => (s.repositories[0].files = []), 'warn'],
  ['upgrade-time', 'an MnT holding data', () => {}, 'warn', 'ise-pan1'],
  [
    'ad-join',
    'a join point',
    (s) => (s.activeDirectory = [{ name: 'CORP', domain: 'corp.example.com' }]),
    'manual',
  ],
  [
    'stale-policy',
    'a rule with no hits',
    (s) => (s.policySets = [{ name: 'Wired', hits: 9, rules: [{ name: 'Old VPN', hits: 0 }] }]),
    'info',
  ],
  [
    'mnt-data',
    'an MnT 80% full',
    (s) => (node(s, 'ise-pan1').disk = { usedPercent: 80 }),
    'warn',
    'ise-pan1',
  ],
  ['firewall-ports', 'no probe possible', () => {}, 'manual'],
];

for (const [id, what, plant, status, nodeName] of PLANTED) {
  test(`lab: ${id} is ${status} with ${what}`, async (t) => {
    const f = await check(t, id, plant);
    t.is(f.status, status, `${f.summary}\n${f.evidence.join('\n')}`);
    if (nodeName) t.true([f.summary, ...f.nodes, ...f.evidence].join(' ').includes(nodeName));
  });
}
