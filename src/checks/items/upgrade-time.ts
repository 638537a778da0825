import { personas } from '../../ise/nodes.js';
import { finding, gb, names, read } from '../finding.js';
import { cliPart } from '../node-facts.js';
import { GUIDE } from '../sections.js';
import type { Check } from '../types.js';

const base = {
  id: 'upgrade-time',
  title: 'Each node upgrades within the 4-hour GUI timeout',
  section: GUIDE.guidelines,
};
const GUI_TIMEOUT_MIN = 240;

/**
 * Estimates (upgrade rules §5, INFERRED): PAN 240 min, PSN 180 min, MnT or standalone 240 min plus
 * 60 min per 15 GB of MnT data. The MnT data is taken as /opt's used space: an upper bound.
 */
export function estimateMinutes(roles: string[], mntDataBytes: number | undefined): number {
  if (roles.includes('MnT')) return 240 + 60 * Math.ceil((mntDataBytes ?? 0) / (15 * 1024 ** 3));
  if (roles.includes('PAN')) return 240;
  return 180;
}

export const upgradeTime: Check = {
  ...base,
  kind: 'automated',
  needs: ['nodes', 'cli:disks'],
  evaluate(snapshot) {
    const nodes = read(base, snapshot.nodes, 'deployment nodes', {
      look: 'Open Administration > System > Deployment for each node’s personas and estimate: PSN ~3 h, PAN ~4 h, MnT ~4 h plus 1 h per 15 GB of data; a node over 4 h should be upgraded from the CLI.',
    });
    if (!nodes.ok) return nodes.finding;
    const evidence: string[] = [];
    const slow: string[] = [];
    const unknownData: string[] = [];
    for (const n of nodes.value) {
      const roles = personas(n);
      const disks = cliPart(snapshot, n.hostname, 'disks', 'show disks');
      const opt = disks?.state === 'ok' ? disks.value.filesystems.find((f) => f.mount === '/opt') : undefined;
      if (roles.includes('MnT') && opt === undefined) unknownData.push(n.hostname);
      const minutes = estimateMinutes(roles, opt?.usedBytes);
      evidence.push(
        `${n.hostname} (${roles.join(', ') || 'no persona'}): ~${Math.round(minutes / 6) / 10} h${roles.includes('MnT') && opt ? ` with ${gb(opt.usedBytes)} used on /opt` : ''}`,
      );
      if (minutes > GUI_TIMEOUT_MIN) slow.push(n.hostname);
    }
    evidence.push('estimates from Cisco’s 240 min + 60 min per 15 GB of data; the URT prints a better one');
    if (slow.length > 0) {
      return finding(base, {
        status: 'warn',
        summary: `${names(slow)} may take longer than the GUI's 4-hour per-node timeout.`,
        nodes: slow,
        evidence,
        remediation:
          'Upgrade those nodes from the CLI (`application upgrade proceed`) rather than the GUI, or purge operational data first (Administration > System > Maintenance > Operational Data Purging) to shorten it.',
      });
    }
    if (unknownData.length > 0) {
      return finding(base, {
        status: 'info',
        summary: `Could not size the MnT data of ${names(unknownData)}; the estimate assumes none.`,
        nodes: unknownData,
        evidence,
        remediation: 'Run `show disks` on the MnT nodes: each 15 GB of data adds about an hour.',
      });
    }
    return finding(base, {
      status: 'pass',
      summary: 'Every node should upgrade within the 4-hour GUI timeout.',
      evidence,
      remediation: 'Nothing to do.',
    });
  },
};
