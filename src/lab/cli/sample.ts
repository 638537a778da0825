import type { CliNodeFacts } from './facts.js';

/**
 * A plausible ISE 3.1 standalone node, for demos and tests. Process names and states follow the verbatim
 * samples in ise-cli.md §2.3; sizes follow §2.5.
 */
export function sampleCliFacts(overrides: Partial<CliNodeFacts> = {}): CliNodeFacts {
  return {
    hostname: 'ise01',
    domain: 'lab.example.com',
    promptUser: 'admin',
    version: '3.1.0.518',
    patches: [{ number: 5, installDate: '2023-01-18T19:25:00Z' }],
    adeOsVersion: '3.1.0.135',
    buildDate: '2021-07-28T05:21:58Z',
    installDate: '2022-09-23T09:25:02Z',
    platform: { kind: 'vm', hypervisor: 'VMware ESXi 7.0', cpus: 16 },
    uptimeSeconds: 12 * 86400 + 3 * 3600 + 41 * 60 + 7,
    ntp: {
      form: 'chrony',
      servers: [
        { address: '10.10.10.1', reachable: true },
        { address: '10.10.10.2', reachable: true },
      ],
      synchronised: true,
      syncedTo: '10.10.10.1',
      stratum: 3,
      rootDispersionMs: 1.5,
    },
    disks: [
      { filesystem: '/', totalKb: 28765892, usedKb: 4203924, freeKb: 24561968 },
      { filesystem: '/tmp', totalKb: 1983056, usedKb: 30308, freeKb: 1952748 },
      { filesystem: '/opt', totalKb: 253374376, usedKb: 28912580, freeKb: 224461796 },
      { filesystem: '/localdisk', totalKb: 181081024, usedKb: 57344, freeKb: 181023680 },
    ],
    memory: { totalKb: 65663408, usedKb: 24172784, freeKb: 20356112 },
    processes: [
      { name: 'Database Listener', state: 'running', pid: 12937 },
      { name: 'Database Server', state: 'running', pid: '98 PROCESSES' },
      { name: 'Application Server', state: 'running', pid: 20062 },
      { name: 'Profiler Database', state: 'running', pid: 15154 },
      { name: 'ISE Indexing Engine', state: 'running', pid: 21693 },
      { name: 'AD Connector', state: 'running', pid: 23072 },
      { name: 'M&T Session Database', state: 'running', pid: 14940 },
      { name: 'M&T Log Processor', state: 'running', pid: 20265 },
      { name: 'Certificate Authority Service', state: 'running', pid: 22821 },
      { name: 'EST Service', state: 'running', pid: 29203 },
      { name: 'SXP Engine Service', state: 'disabled' },
      { name: 'TC-NAC Service', state: 'disabled' },
      { name: 'PassiveID WMI Service', state: 'disabled' },
      { name: 'PassiveID Syslog Service', state: 'disabled' },
      { name: 'PassiveID API Service', state: 'disabled' },
      { name: 'PassiveID Agent Service', state: 'disabled' },
      { name: 'PassiveID Endpoint Service', state: 'disabled' },
      { name: 'PassiveID SPAN Service', state: 'disabled' },
      { name: 'DHCP Server (dhcpd)', state: 'disabled' },
      { name: 'DNS Server (named)', state: 'disabled' },
      { name: 'ISE Messaging Service', state: 'running', pid: 10658 },
      { name: 'ISE API Gateway Database Service', state: 'running', pid: 13314 },
      { name: 'ISE API Gateway Service', state: 'running', pid: 33418 },
      { name: 'Segmentation Policy Service', state: 'disabled' },
      { name: 'REST Auth Service', state: 'disabled' },
      { name: 'SSE Connector', state: 'disabled' },
    ],
    repositories: [
      {
        name: 'myrepo',
        url: 'sftp://10.1.1.5/backups',
        user: 'backup',
        files: [
          'ise-patchbundle-3.1.0.518-Patch5-22042809.SPA.x86_64.tar.gz',
          'nightly-CFG10-240301-0200.tar.gpg',
        ],
      },
      { name: 'LOCALDISK', url: 'disk:/', files: [] },
    ],
    backupHistory: [
      {
        date: '2024-03-01T02:04:11Z',
        fileName: 'nightly-CFG10-240301-0200.tar.gpg',
        repository: 'myrepo',
        status: 'success',
        kind: 'config',
      },
    ],
    configLines: [
      'interface GigabitEthernet 0',
      ' ip address 192.0.2.244 255.255.255.0',
      '!',
      'ip default-gateway 192.0.2.1',
      'ip name-server 192.0.2.177',
      'icmp echo on',
      'logging loglevel 6',
      '!',
      'service sshd enable',
      '!',
    ],
    ...overrides,
  };
}
