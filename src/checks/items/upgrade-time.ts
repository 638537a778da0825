import { personaKnown, personas } from '../../ise/nodes.js';
import { type EvidenceLine, faultyFirst, finding, gb, names, read } from '../finding.js';
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
    const evidence: EvidenceLine[] = [];
    const slow: string[] = [];
    const unknownData: string[] = [];
    // Nodes whose MnT persona the release does not tell (ERS without deploymentinfo): their estimate
    // is a fact only if even as an MnT node they fit the timeout.
    const unknownRole: string[] = [];
    for (const n of nodes.value) {
      const roles = personas(n);
      const disks = cliPart(snapshot, n.hostname, 'disks', 'show disks');
      const opt = disks?.state === 'ok' ? disks.value.filesystems.find((f) => f.mount === '/opt') : undefined;
      const data = opt ? ` with ${gb(opt.usedBytes)} used on /opt` : ' (/opt not read)';
      if (!personaKnown(n, 'MnT') && !roles.includes('MnT')) {
        const without = estimateMinutes(roles, undefined);
        const asMnt = estimateMinutes([...roles, 'MnT'], opt?.usedBytes);
        const line = `${n.hostname} (${roles.join(', ') || 'no persona read'}; MnT unknown on this release): ~${hours(without)} h, or ~${hours(asMnt)} h${data} if it runs MnT`;
        if (without > GUI_TIMEOUT_MIN) slow.push(n.hostname);
        else if (opt === undefined || asMnt > GUI_TIMEOUT_MIN) unknownRole.push(n.hostname);
        evidence.push({
          line,
          status: without > GUI_TIMEOUT_MIN ? 'warn' : unknownRole.includes(n.hostname) ? 'manual' : 'pass',
        });
        continue;
      }
      const noData = roles.includes('MnT') && opt === undefined;
      if (noData) unknownData.push(n.hostname);
      const minutes = estimateMinutes(roles, opt?.usedBytes);
      if (minutes > GUI_TIMEOUT_MIN) slow.push(n.hostname);
      evidence.push({
        line: `${n.hostname} (${roles.join(', ') || 'no persona'}): ~${hours(minutes)} h${roles.includes('MnT') && opt ? data : noData ? data : ''}`,
        // A node whose MnT data could not be sized is for a person to look at, ahead of the fine ones.
        status: minutes > GUI_TIMEOUT_MIN ? 'warn' : noData ? 'manual' : 'pass',
      });
    }
    evidence.push({
      line: 'estimates from Cisco’s 240 min + 60 min per 15 GB of data; the URT prints a better one',
      status: 'pass',
    });
    if (slow.length > 0) {
      return finding(base, {
        status: 'warn',
        summary: `${names(slow)} may take longer than the GUI's 4-hour per-node timeout.`,
        nodes: slow,
        ...faultyFirst(evidence),
        remediation:
          'Upgrade those nodes from the CLI (`application upgrade proceed`) rather than the GUI, or purge operational data first (Administration > System > Maintenance > Operational Data Purging) to shorten it.',
      });
    }
    if (unknownRole.length > 0) {
      return finding(base, {
        status: 'manual',
        summary: `This release does not tell whether ${names(unknownRole)} run${unknownRole.length === 1 ? 's' : ''} the MnT persona; as an MnT node the upgrade could exceed the GUI's 4-hour timeout.`,
        nodes: unknownRole,
        ...faultyFirst(evidence),
        remediation:
          'Check Administration > System > Deployment for the MnT persona on those nodes. An MnT node takes ~4 h plus 1 h per 15 GB of monitoring data: upgrade it from the CLI (`application upgrade proceed`) or purge operational data first. Then `ack upgrade-time`.',
      });
    }
    if (unknownData.length > 0) {
      return finding(base, {
        status: 'info',
        summary: `Could not size the MnT data of ${names(unknownData)}; the estimate assumes none.`,
        nodes: unknownData,
        ...faultyFirst(evidence),
        remediation: 'Run `show disks` on the MnT nodes: each 15 GB of data adds about an hour.',
      });
    }
    return finding(base, {
      status: 'pass',
      summary: 'Every node should upgrade within the 4-hour GUI timeout.',
      ...faultyFirst(evidence),
      remediation: 'Nothing to do.',
    });
  },
};

function hours(minutes: number): number {
  return Math.round(minutes / 6) / 10;
}
