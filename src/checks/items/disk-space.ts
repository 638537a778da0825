import type { Filesystem } from '../../ise/cli/parsers/index.js';
import { type EvidenceLine, faultyFirst, finding, gb, names, worst } from '../finding.js';
import { fixUnread, nodeFacts, unreadEvidence } from '../node-facts.js';
import { certaintyNote, targetRelease } from '../releases.js';
import { GUIDE } from '../sections.js';
import type { Check, FindingStatus } from '../types.js';

const base = { id: 'disk-space', title: 'Enough disk on every node', section: GUIDE.disk };

// Memory-backed and container mounts `show disks` may also list (ise-cli.md §2.5): tmpfs under /dev,
// /run and /sys, and the overlay/shm mounts of ISE's Docker containers. They are not the VM's disk and
// would add the node's memory to it many times over. Which mounts a release lists is INFERRED.
const VIRTUAL = /^\/(?:dev|run|sys|proc)(?:\/|$)|overlay|\/docker\/|\/containers\/|\/shm$|^tmpfs$|^none$/i;
// The listed filesystems add up to a little less than the VM disk (swap and partitioning are not
// listed): a 300 GB disk is accepted from 90 % of it. INFERRED from the ise-cli.md §2.5 layout.
const LISTED_SHARE = 0.9;
const FULL_PERCENT = 90;
// The upgrade bundle (~9 GB for 3.0, ~15 GB for 3.3) is copied to and unpacked on the local disk.
const LOCALDISK_FREE_GB = 25;

export const diskSpace: Check = {
  ...base,
  kind: 'automated',
  needs: ['nodes', 'cli:disks', 'vmDisks'],
  evaluate(snapshot, context) {
    const facts = nodeFacts(snapshot, 'disks', 'show disks');
    // The VM's own disk size, where deploymentinfo gives it, beats the sum of the listed filesystems.
    const vmDisks = snapshot.vmDisks?.state === 'ok' ? snapshot.vmDisks.value : {};
    const target = targetRelease(context.releases, context.target);
    const minGb = target?.minDiskGb ?? 300;
    const sure = target === undefined || target.minDiskCertainty === 'sure';
    const statuses: FindingStatus[] = [];
    const evidence: EvidenceLine[] = [];
    const small: string[] = [];
    const full: string[] = [];
    for (const { node, value } of facts.read) {
      const disks = value.filesystems.filter((f) => !VIRTUAL.test(f.mount));
      const vmDisk = vmDisks[node];
      if (vmDisk === undefined && disks.length === 0) {
        facts.failed.push({
          node,
          error: `\`show disks\` on ${node} listed only memory-backed or container filesystems (${value.filesystems.map((f) => f.mount).join(', ')}), so the disk size is unknown.`,
          answer: true,
        });
        continue;
      }
      const listed = disks.reduce((sum, f) => sum + f.totalBytes, 0);
      // The listed filesystems add up to a little less than the disk; VMDiskSpace is the disk itself.
      const total = vmDisk ?? listed;
      const needed = minGb * 1024 ** 3 * (vmDisk === undefined ? LISTED_SHARE : 1);
      const crowded = disks.filter((f) => f.usedPercent >= FULL_PERCENT);
      const local = disks.find((f) => f.mount === '/localdisk');
      const lowLocal = local !== undefined && local.freeBytes < LOCALDISK_FREE_GB * 1024 ** 3;
      const line = `${node}: ${vmDisk === undefined ? `${gb(listed)} in ${disks.length} filesystems` : `${gb(vmDisk)} VM disk (deploymentinfo VMDiskSpace)`}; ${disks.map(describe).join(', ')}${value.alerts.length > 0 ? `; ISE says: ${value.alerts.join(' ')}` : ''}`;
      const mine: FindingStatus[] = [];
      if (total < needed) {
        small.push(`${node} (${gb(total)})`);
        mine.push(sure ? 'fail' : 'warn');
      }
      if (crowded.length > 0 || lowLocal || value.sufficientFreeSpace === false) {
        full.push(
          `${node} (${[...crowded.map((f) => `${f.mount} ${f.usedPercent}% used`), ...(lowLocal && local ? [`/localdisk ${gb(local.freeBytes)} free`] : [])].join(', ') || 'ISE reports low space'})`,
        );
        mine.push('warn');
      }
      statuses.push(...mine);
      evidence.push({ line, status: worst(mine) });
    }
    if (facts.failed.length > 0) statuses.push('error');
    if (facts.unavailable.length > 0) statuses.push('manual');
    const status = worst(statuses);
    const problems = [
      small.length > 0 &&
        `below the ${minGb} GB minimum${sure ? '' : certaintyNote('inferred')}: ${names(small)}`,
      full.length > 0 && `low on free space: ${names(full)}`,
      facts.failed.length > 0 && `not read: ${names(facts.failed.map((f) => f.node))}`,
      facts.unavailable.length > 0 && `not readable: ${names(facts.unavailable.map((f) => f.node))}`,
    ].filter((p): p is string => typeof p === 'string');
    return finding(base, {
      status,
      summary:
        status === 'pass'
          ? `All ${facts.read.length} nodes have at least ${minGb} GB of disk and room to spare.`
          : `${problems.join('; ')}.`,
      nodes: [
        ...new Set(
          [...small, ...full].map((s) => s.split(' ')[0] ?? s).concat(facts.failed.map((f) => f.node)),
        ),
      ],
      ...faultyFirst([...evidence, ...unreadEvidence(facts)]),
      remediation:
        [
          small.length > 0 &&
            `A VM disk cannot be grown in place: reinstall the node with a disk of at least ${minGb} GB (600 GB or more for MnT), then restore a configuration backup or re-register it.`,
          full.length > 0 &&
            'Free space before the upgrade: purge old operational data (Administration > System > Maintenance > Operational Data Purging) and delete old files from the local disk (`dir disk:`, `delete disk:/<file>`).',
          fixUnread(facts, 'show disks'),
          facts.unavailable.length > 0 && 'Run `show disks` on each node and compare with the minimum.',
        ]
          .filter((p): p is string => typeof p === 'string')
          .join(' ') || 'Nothing to do.',
    });
  },
};

function describe(f: Filesystem): string {
  return `${f.mount} ${gb(f.totalBytes)} (${f.usedPercent}% used)`;
}
