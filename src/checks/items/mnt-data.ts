import { personaKnown, personas } from '../../ise/nodes.js';
import { collapsed, type EvidenceLine, faultyFirst, finding, gb, names, read } from '../finding.js';
import { cliPart } from '../node-facts.js';
import { GUIDE } from '../sections.js';
import type { Check } from '../types.js';

const base = { id: 'mnt-data', title: 'Monitoring data purged and MnT disk sized', section: GUIDE.mnt };
// Above this, MnT data lengthens the upgrade noticeably and a purge is worth it (INFERRED threshold).
const FULL_PERCENT = 70;

/** "Remove unwanted monitoring logs and endpoint data"; the MnT disk should fit the log retention. */
export const mntData: Check = {
  ...base,
  kind: 'automated',
  needs: ['nodes', 'cli:disks'],
  evaluate(snapshot) {
    const look =
      'Run `show disks` on each MnT node, and review Administration > System > Maintenance > Operational Data Purging.';
    const nodes = read(base, snapshot.nodes, 'deployment nodes', { look });
    if (!nodes.ok) return nodes.finding;
    const mnts = nodes.value.filter((n) => personas(n).includes('MnT'));
    // ERS without deploymentinfo (2.6) does not say which nodes run MnT: "no MnT node" would be made up.
    const unknown = nodes.value.filter((n) => !personaKnown(n, 'MnT') && !personas(n).includes('MnT'));
    const evidence: EvidenceLine[] = [];
    const full: string[] = [];
    const unread: string[] = [];
    // "46.9 GB of 391 GB used" → the nodes showing it, so equal values are written once with their nodes.
    const uses = new Map<string, string[]>();
    for (const n of mnts) {
      const disks = cliPart(snapshot, n.hostname, 'disks', 'show disks');
      const opt = disks?.state === 'ok' ? disks.value.filesystems.find((f) => f.mount === '/opt') : undefined;
      if (opt === undefined) {
        unread.push(n.hostname);
        evidence.push({
          line: `${n.hostname}: /opt not read (${disks === undefined ? 'not read' : disks.state === 'ok' ? 'no /opt' : disks.state === 'error' ? disks.error : disks.reason})`,
          status: disks?.state === 'unavailable' ? 'manual' : 'error',
        });
        continue;
      }
      const use = `${gb(opt.usedBytes)} of ${gb(opt.totalBytes)}`;
      uses.set(use, [...(uses.get(use) ?? []), n.hostname]);
      const isFull = opt.usedPercent >= FULL_PERCENT;
      evidence.push({
        line: `${n.hostname}: /opt ${use} used (${opt.usedPercent}%)`,
        status: isFull ? 'warn' : 'pass',
      });
      if (isFull) full.push(n.hostname);
    }
    const purge =
      'Purge what you do not need to keep: Administration > System > Maintenance > Operational Data Purging (lower the retention, Purge Now), and remove stale endpoints (Context Visibility > Endpoints, or an endpoint purge policy). Archive logs you must keep with an operational backup instead of carrying them over.';
    if (full.length > 0) {
      return finding(base, {
        status: 'warn',
        summary: `The MnT data on ${names(full)} fills ${FULL_PERCENT}% or more of /opt; purge before the upgrade.`,
        nodes: full,
        ...faultyFirst(evidence),
        remediation: purge,
      });
    }
    if (unknown.length > 0) {
      const hosts = unknown.map((n) => n.hostname);
      evidence.push({
        line: `MnT persona not told by this release for ${collapsed(hosts)} (no deploymentinfo)`,
        status: 'manual',
      });
      for (const n of unknown) {
        const disks = cliPart(snapshot, n.hostname, 'disks', 'show disks');
        const opt =
          disks?.state === 'ok' ? disks.value.filesystems.find((f) => f.mount === '/opt') : undefined;
        if (opt)
          evidence.push({
            line: `${n.hostname} (MnT unknown): /opt ${gb(opt.usedBytes)} of ${gb(opt.totalBytes)} used (${opt.usedPercent}%)`,
            status: 'manual',
          });
      }
      return finding(base, {
        status: 'info',
        summary: `This release does not tell which nodes run the MnT persona (${names(hosts)} unknown)${unread.length > 0 ? `; MnT disk use could not be read on ${names(unread)}` : ''}: check Administration > System > Deployment and the MnT nodes' data.`,
        nodes: [...unread, ...hosts],
        ...faultyFirst(evidence),
        remediation: purge,
      });
    }
    return finding(base, {
      status: 'info',
      summary:
        unread.length > 0
          ? `MnT disk use could not be read on ${names(unread)}.`
          : `MnT data: ${mnts.length === 0 ? 'no MnT node found' : [...uses].map(([use, on]) => `${use} used on ${collapsed(on)}`).join('; ')}; less data means a shorter upgrade.`,
      nodes: unread,
      ...faultyFirst(evidence),
      remediation: purge,
    });
  },
};
