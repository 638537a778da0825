import { personaKnown, personas } from '../../ise/nodes.js';
import { finding, gb, names, read } from '../finding.js';
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
    const evidence: string[] = [];
    const full: string[] = [];
    const unread: string[] = [];
    for (const n of mnts) {
      const disks = cliPart(snapshot, n.hostname, 'disks', 'show disks');
      const opt = disks?.state === 'ok' ? disks.value.filesystems.find((f) => f.mount === '/opt') : undefined;
      if (opt === undefined) {
        unread.push(n.hostname);
        evidence.push(
          `${n.hostname}: /opt not read (${disks === undefined ? 'not read' : disks.state === 'ok' ? 'no /opt' : disks.state === 'error' ? disks.error : disks.reason})`,
        );
        continue;
      }
      evidence.push(
        `${n.hostname}: /opt ${gb(opt.usedBytes)} of ${gb(opt.totalBytes)} used (${opt.usedPercent}%)`,
      );
      if (opt.usedPercent >= FULL_PERCENT) full.push(n.hostname);
    }
    const purge =
      'Purge what you do not need to keep: Administration > System > Maintenance > Operational Data Purging (lower the retention, Purge Now), and remove stale endpoints (Context Visibility > Endpoints, or an endpoint purge policy). Archive logs you must keep with an operational backup instead of carrying them over.';
    if (full.length > 0) {
      return finding(base, {
        status: 'warn',
        summary: `The MnT data on ${names(full)} fills ${FULL_PERCENT}% or more of /opt; purge before the upgrade.`,
        nodes: full,
        evidence,
        remediation: purge,
      });
    }
    if (unknown.length > 0) {
      const hosts = unknown.map((n) => n.hostname);
      evidence.push(`MnT persona not told by this release for ${names(hosts)} (no deploymentinfo)`);
      for (const n of unknown) {
        const disks = cliPart(snapshot, n.hostname, 'disks', 'show disks');
        const opt =
          disks?.state === 'ok' ? disks.value.filesystems.find((f) => f.mount === '/opt') : undefined;
        if (opt)
          evidence.push(
            `${n.hostname} (MnT unknown): /opt ${gb(opt.usedBytes)} of ${gb(opt.totalBytes)} used (${opt.usedPercent}%)`,
          );
      }
      return finding(base, {
        status: 'info',
        summary: `This release does not tell which nodes run the MnT persona (${names(hosts)} unknown)${unread.length > 0 ? `; MnT disk use could not be read on ${names(unread)}` : ''}: check Administration > System > Deployment and the MnT nodes' data.`,
        nodes: [...unread, ...hosts],
        evidence,
        remediation: purge,
      });
    }
    return finding(base, {
      status: 'info',
      summary:
        unread.length > 0
          ? `MnT disk use could not be read on ${names(unread)}.`
          : `MnT data: ${mnts.length === 0 ? 'no MnT node found' : evidence.map((e) => e.split(': /opt ')[1]?.split(' used')[0]).join(', ')}; less data means a shorter upgrade.`,
      nodes: unread,
      evidence,
      remediation: purge,
    });
  },
};
