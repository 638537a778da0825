import { RELEASES } from '../../src/checks/releases.js';
import type { CheckContext } from '../../src/checks/types.js';
import type { NodeInfo } from '../../src/ise/nodes.js';
import type {
  CertificateFacts,
  CertificateInfo,
  DatedCertificate,
  NodeCli,
  Snapshot,
  Sourced,
} from '../../src/ise/snapshot/types.js';

/** Hand-built snapshots: a healthy ISE 3.2 P7 deployment every check passes on, changed per test. */
export const NOW = new Date('2026-11-26T08:00:00Z');
const DAY = 86_400_000;
const GIB = 1024 ** 3;

export const ok = <T>(value: T, source = 'test'): Sourced<T> => ({ state: 'ok', value, source });
export const failed = (error: string, source = 'GET /api/v1/x'): Sourced<never> => ({
  state: 'error',
  error,
  source,
});
export const unavailable = (reason: string): Sourced<never> => ({ state: 'unavailable', reason });

export function node(
  hostname: string,
  roles: string[],
  services: string[],
  extra: Partial<NodeInfo> = {},
): NodeInfo {
  return {
    hostname,
    fqdn: `${hostname}.corp.example.com`,
    ipAddress: '10.0.0.1',
    roles,
    services,
    status: 'Connected',
    version: '3.2.0.542',
    patch: 7,
    patchSource: 'node',
    ...extra,
  };
}

export const NODES: NodeInfo[] = [
  node('ise-pan1', ['PrimaryAdmin', 'PrimaryMonitoring'], []),
  node('ise-pan2', ['SecondaryAdmin', 'SecondaryMonitoring'], []),
  node('ise-psn1', [], ['Session', 'Profiler']),
  node('ise-psn2', [], ['Session', 'Profiler']),
];

export function cert(
  extra: Partial<CertificateFacts> & { friendlyName: string; notAfter?: Date },
): DatedCertificate {
  return {
    store: 'system',
    usage: ['Admin'],
    subject: `CN=${extra.friendlyName}`,
    issuer: 'CN=Corp Issuing CA',
    notAfter: new Date(NOW.getTime() + 400 * DAY),
    fingerprint: extra.friendlyName,
    internalCa: false,
    ...extra,
  };
}

/** The internal CA: a root on the PAN, a Node CA and an Endpoint Sub CA per PAN/PSN. */
function internalCa(hosts: string[]): CertificateInfo[] {
  const root = cert({
    friendlyName: 'Certificate Services Root CA - ise-pan1',
    subject: 'CN=Certificate Services Root CA - ise-pan1',
    issuer: 'CN=Certificate Services Root CA - ise-pan1',
    store: 'trusted',
    usage: [],
    internalCa: true,
    notAfter: new Date(NOW.getTime() + 3000 * DAY),
  });
  return [
    root,
    ...hosts.flatMap((h) => [
      cert({
        friendlyName: `Certificate Services Node CA - ${h}`,
        subject: `CN=Certificate Services Node CA - ${h}`,
        issuer: 'Certificate Services Root CA - ise-pan1',
        store: 'trusted',
        usage: [],
        internalCa: true,
      }),
      cert({
        friendlyName: `Certificate Services Endpoint Sub CA - ${h}#0000${hosts.indexOf(h)}`,
        subject: `CN=Certificate Services Endpoint Sub CA - ${h}`,
        issuer: `Certificate Services Node CA - ${h}`, // the API gives issuers as bare CNs
        store: 'trusted',
        usage: [],
        internalCa: true,
      }),
    ]),
  ];
}

const processes = [
  { name: 'Database Listener', state: 'running', pid: 1 },
  { name: 'Database Server', state: 'running', processCount: 98 },
  { name: 'Application Server', state: 'running', pid: 3 },
  { name: 'SXP Engine Service', state: 'disabled' },
];

export function cli(hostname: string): NodeCli {
  return {
    version: ok({
      recognised: true,
      warnings: [],
      version: '3.2.0.542',
      iseVersion: '3.2.0.542',
      patch: 7,
      patches: [],
      otherBlocks: [],
      hostname,
    }),
    ntp: ok({
      recognised: true,
      warnings: [],
      form: 'chrony',
      servers: [{ address: '10.10.10.1', configured: true, reachable: true, selected: true }],
      synchronised: true,
      syncedTo: '10.10.10.1',
      rootDispersionSeconds: 0.0015,
    }),
    disks: ok({
      recognised: true,
      warnings: [],
      alerts: [],
      sufficientFreeSpace: true,
      filesystems: [
        { mount: '/', usedPercent: 15, usedBytes: 4 * GIB, totalBytes: 28 * GIB, freeBytes: 24 * GIB },
        { mount: '/dev/shm', usedPercent: 0, usedBytes: 0, totalBytes: 32 * GIB, freeBytes: 32 * GIB },
        { mount: '/opt', usedPercent: 12, usedBytes: 10 * GIB, totalBytes: 240 * GIB, freeBytes: 230 * GIB },
        {
          mount: '/localdisk',
          usedPercent: 1,
          usedBytes: 1 * GIB,
          totalBytes: 170 * GIB,
          freeBytes: 169 * GIB,
        },
      ],
    }),
    memory: ok({ recognised: true, warnings: [], totalBytes: 64 * GIB }),
    services: ok({ recognised: true, warnings: [], processes }),
    runningConfig: ok({
      recognised: true,
      warnings: [],
      nameServers: [],
      ntpServers: ['10.10.10.1'],
      users: [],
      repositories: [
        { name: 'BACKUP-SFTP', url: 'sftp://10.1.1.5/backups', protocol: 'SFTP', hasPassword: true },
      ],
    }),
    backupHistory: ok({
      recognised: true,
      warnings: [],
      entries: [
        {
          operation: 'backup',
          outcome: 'success',
          name: 'nightly',
          file: 'nightly-CFG10-261126-0200.tar.gpg',
          repository: 'BACKUP-SFTP',
          status: 'backup nightly-CFG10-261126-0200.tar.gpg to repository BACKUP-SFTP: success',
          loggedAt: { text: 'Thu Nov 26 02:04:11 UTC 2026', date: new Date(NOW.getTime() - 6 * 3600_000) },
        },
      ],
    }),
    repositoryFiles: {
      'BACKUP-SFTP': ok({
        ok: true,
        recognised: true,
        warnings: [],
        files: [
          'ise-upgradebundle-3.0.x-3.2.x-to-3.3.0.430.SPA.x86_64.tar.gz',
          'nightly-CFG10-261126-0200.tar.gpg',
        ],
        backups: [],
      }),
    },
  };
}

export function healthy(): Snapshot {
  const hosts = NODES.map((n) => n.hostname);
  return {
    deployment: 'prod',
    takenAt: NOW,
    release: ok({ version: '3.2.0.542', release: '3.2', patch: 7 }),
    nodes: ok(structuredClone(NODES)),
    nodeGroups: ok([]),
    certificates: ok([
      cert({ friendlyName: 'Admin ise-pan1', node: 'ise-pan1' }),
      cert({ friendlyName: 'EAP ise-psn1', node: 'ise-psn1', usage: ['EAP Authentication'] }),
      cert({ friendlyName: 'Corp Root', store: 'trusted', usage: ['Infrastructure'] }),
      ...internalCa(hosts),
    ]),
    conditions: ok([
      { id: '1', name: 'Corp_Wired', conditionType: 'LibraryConditionAttributes', scope: 'network-access' },
      {
        id: '2',
        name: 'Wireless_Access',
        conditionType: 'LibraryConditionAndBlock',
        scope: 'network-access',
      },
    ]),
    policySets: ok([{ name: 'Default', state: 'enabled', hits: 10, isDefault: true }]),
    authorizationRules: ok([
      {
        policySet: 'Default',
        name: 'Employees',
        state: 'enabled',
        hits: 500,
        dictionaries: ['AD'],
        mdmServers: [],
      },
    ]),
    sponsorGroups: ok([{ id: '1', name: 'ALL_ACCOUNTS (default)' }]),
    mdm: ok({ activeServers: 0 }),
    panFailover: ok({ enabled: false }),
    lastBackups: ok([]),
    repositories: ok([{ name: 'BACKUP-SFTP', protocol: 'SFTP', serverName: '10.1.1.5', path: '/backups' }]),
    licensing: ok({ connectionType: 'HTTP_DIRECT' }),
    adJoinPoints: ok([]),
    profiler: ok({ 'ise-psn1': ['RADIUS', 'DHCP'], 'ise-psn2': ['RADIUS'] }),
    cli: Object.fromEntries(hosts.map((h) => [h, cli(h)])),
    ports: ok(hosts.flatMap((h) => [443, 12001].map((port) => ({ node: h, port, open: true })))),
  };
}

export function context(extra: Partial<CheckContext> = {}): CheckContext {
  return {
    target: '3.3',
    releases: RELEASES,
    now: NOW,
    certWarningDays: 60,
    backupRepository: 'BACKUP-SFTP',
    ...extra,
  };
}

/** A snapshot of an ISE 2.7 deployment: the parts with no API on 2.7 are `unavailable`. */
export function on27(): Snapshot {
  const s = healthy();
  const none = unavailable('ISE 2.7 has no API for this (the /api/v1 OpenAPI starts at 3.1)');
  return {
    ...s,
    release: ok({ version: '2.7.0.356', release: '2.7', patch: 10 }),
    nodes: ok(NODES.map((n) => ({ ...n, version: '2.7.0.356', patch: 10, patchSource: 'cluster' as const }))),
    certificates: none,
    conditions: none,
    policySets: none,
    authorizationRules: none,
    panFailover: none,
    lastBackups: none,
    repositories: none,
    profiler: none,
  };
}
