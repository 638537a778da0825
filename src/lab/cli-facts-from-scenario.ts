import { createHash } from 'node:crypto';
import { compareRelease } from '../ise/release.js';
import type { CliNodeFacts, CliProcess, CliRepository } from './cli/facts.js';
import { backupStamp } from './cli/format.js';
import { nodeDisks, nodeMemory } from './node-resources.js';
import {
  daysFrom,
  type LabNode,
  nodeVersion,
  nodeZone,
  panOf,
  releaseOf,
  type Scenario,
} from './scenario.js';
import { isAdmin, isMonitoring } from './scenario-node.js';

/** ADE-OS builds shipped with each ISE release (illustrative values in the form `show version` prints). */
const ADE_OS: Record<string, string> = {
  '2.4': '3.0.4.117',
  '2.6': '3.0.5.144',
  '2.7': '3.0.7.155',
  '3.0': '3.0.8.145',
  '3.1': '3.1.0.135',
  '3.2': '3.2.0.401',
  '3.3': '3.3.0.185',
};

const hashNumber = (seed: string, mod: number) =>
  Number.parseInt(createHash('sha1').update(seed).digest('hex').slice(0, 8), 16) % mod;

/**
 * Process rows of `show application status ise` by release and persona (ise-cli.md §2.3). Monitoring
 * processes are disabled off MnT nodes; the API gateway rows exist from 3.1. Which rows a persona
 * disables is INFERENCE from the samples, which are all standalone nodes.
 */
function processes(scenario: Scenario, node: LabNode): CliProcess[] {
  const release = releaseOf(nodeVersion(scenario, node).version);
  const mnt = isMonitoring(node);
  const rows: Array<[string, CliProcess['state']]> = [
    ['Database Listener', 'running'],
    ['Database Server', 'running'],
    ['Application Server', 'running'],
    ['Profiler Database', 'running'],
    ['ISE Indexing Engine', 'running'],
    ['AD Connector', 'running'],
    ['M&T Session Database', mnt ? 'running' : 'disabled'],
    ['M&T Log Processor', mnt ? 'running' : 'disabled'],
    ['Certificate Authority Service', 'running'],
    ['EST Service', 'running'],
    ['SXP Engine Service', 'disabled'],
    ['TC-NAC Service', 'disabled'],
    ['PassiveID WMI Service', 'disabled'],
    ['PassiveID Syslog Service', 'disabled'],
    ['PassiveID API Service', 'disabled'],
    ['PassiveID Agent Service', 'disabled'],
    ['PassiveID Endpoint Service', 'disabled'],
    ['PassiveID SPAN Service', 'disabled'],
    ['DHCP Server (dhcpd)', 'disabled'],
    ['DNS Server (named)', 'disabled'],
  ];
  if (compareRelease(release, '2.6') >= 0) rows.push(['ISE Messaging Service', 'running']);
  if (compareRelease(release, '3.1') >= 0) {
    rows.push(['ISE API Gateway Database Service', 'running'], ['ISE API Gateway Service', 'running']);
  }
  rows.push(
    ['Segmentation Policy Service', 'disabled'],
    ['REST Auth Service', 'disabled'],
    ['SSE Connector', 'disabled'],
  );
  return rows.map(([name, defaultState]) => {
    const state = node.processes[name] ?? defaultState;
    if (state !== 'running') return { name, state };
    const pid =
      name === 'Database Server' ? '98 PROCESSES' : 1000 + hashNumber(`${node.hostname}/${name}`, 60_000);
    return { name, state, pid };
  });
}

function repositoryUrl(r: Scenario['repositories'][number]): string {
  const path = r.path.startsWith('/') ? r.path : `/${r.path}`;
  if (r.protocol === 'DISK') return `disk:${path}`;
  if (r.protocol === 'CDROM') return 'cdrom:';
  if (r.protocol === 'NFS') return `nfs://${r.serverName ?? 'nfs'}:${path}`;
  return `${r.protocol.toLowerCase()}://${r.serverName ?? 'repo'}${path}`;
}

function repositories(scenario: Scenario): CliRepository[] {
  return scenario.repositories.map((r) => ({
    name: r.name,
    url: repositoryUrl(r),
    ...(r.userName === undefined ? {} : { user: r.userName }),
    files: r.files,
    reachable: r.reachable,
  }));
}

/**
 * The one place a scenario node becomes the SSH server's `CliNodeFacts`, so `show` commands and the REST
 * API describe the same node. Dates are fixed at `now` (the lab's start).
 */
export function cliFactsFromScenario(scenario: Scenario, node: LabNode, now: Date): CliNodeFacts {
  const { version, patch } = nodeVersion(scenario, node);
  const release = releaseOf(version);
  const iso = (days: number) => daysFrom(now, days).toISOString();
  const memory = nodeMemory(node);
  const isPan = panOf(scenario).hostname === node.hostname;
  const synced = node.ntp.synchronised ? node.ntp.servers.find((s) => s.reachable) : undefined;
  return {
    hostname: node.hostname,
    domain: scenario.domain,
    promptUser: node.ssh?.username ?? scenario.credentials.ssh.username,
    version,
    patches: Array.from({ length: patch }, (_, i) => ({
      number: i + 1,
      installDate: iso(-30 * (patch - i)),
    })),
    adeOsVersion: ADE_OS[release] ?? `${release}.0.100`,
    buildDate: iso(-500),
    installDate: iso(-400),
    platform:
      node.platform === 'appliance'
        ? {
            kind: 'appliance',
            model: node.model ?? 'SNS-3695-K9',
            serial: `FCH${2000 + hashNumber(node.hostname, 8000)}V0AB`,
          }
        : { kind: 'vm', hypervisor: node.model ?? 'VMware ESXi 7.0', cpus: node.cpus },
    uptimeSeconds: Math.round(node.uptimeDays * 86_400),
    timezone: nodeZone(scenario, node),
    ntp: {
      // ntpd up to 2.7, chrony after (ise-cli.md §2.4).
      form: compareRelease(release, '2.7') <= 0 ? 'ntpd' : 'chrony',
      servers: node.ntp.servers.map((s) => ({
        address: s.address,
        reachable: s.reachable,
        stratum: node.ntp.stratum - 1,
      })),
      synchronised: synced !== undefined,
      ...(synced ? { syncedTo: synced.address } : {}),
      stratum: node.ntp.stratum,
      rootDispersionMs: node.ntp.rootDispersionMs,
    },
    disks: nodeDisks(node).map((d) => ({
      filesystem: d.mountPoint,
      totalKb: d.totalKb,
      usedKb: d.usedKb,
      freeKb: d.freeKb,
    })),
    memory,
    processes: processes(scenario, node),
    repositories: repositories(scenario),
    // Backups run on the primary PAN; its history is the deployment's (INFERENCE).
    backupHistory: isPan
      ? scenario.backups.history.map((b) => {
          const date = daysFrom(now, -b.daysAgo);
          const tag = b.kind === 'operational' ? 'OPS10' : 'CFG10';
          return {
            date: date.toISOString(),
            fileName: `${b.name}-${tag}-${backupStamp(date)}.tar.gpg`,
            repository: b.repository,
            status: b.status,
            kind: b.kind,
            ...(b.detail === undefined ? {} : { detail: b.detail }),
          };
        })
      : [],
    configLines: [
      'interface GigabitEthernet 0',
      `  ip address ${node.ipAddress ?? '10.0.0.10'} 255.255.255.0`,
      '!',
      'ip default-gateway 10.0.0.1',
      'ip name-server 10.0.0.53',
      '!',
      'service sshd enable',
      '!',
      ...(isAdmin(node) ? ['icmp echo on', '!'] : []),
    ],
  };
}
