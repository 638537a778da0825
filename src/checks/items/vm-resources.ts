import { isVirtual } from '../../ise/readers/platforms.js';
import { compareRelease } from '../../ise/release.js';
import { collapsed, type EvidenceLine, faultyFirst, finding } from '../finding.js';
import { hostnames } from '../node-facts.js';
import { GUIDE } from '../sections.js';
import type { Check } from '../types.js';

const base = { id: 'vm-resources', title: 'VM guest OS, NIC type and reserved resources', section: GUIDE.vm };

/**
 * VMware settings are outside ISE's CLI and API, so a VM stays a manual item with the exact settings.
 * Appliances need nothing: deploymentinfo's product id tells them apart (`ISE-VM-K9` vs `SNS-…`, 2.7+).
 * RHEL 7 for 3.0 is from the guide; RHEL 8 for later targets is unverified (upgrade rules §3).
 */
export const vmResources: Check = {
  ...base,
  kind: 'manual',
  needs: ['nodes', 'platforms'],
  evaluate(snapshot, context) {
    const rhel =
      context.target !== undefined && compareRelease(context.target, '3.1') >= 0
        ? 'Red Hat Enterprise Linux 8 (64-bit) (unverified for this target: check its install guide)'
        : 'Red Hat Enterprise Linux 7 (64-bit)';
    const all = hostnames(snapshot);
    const pids = snapshot.platforms?.state === 'ok' ? snapshot.platforms.value : {};
    const known = all.filter((h) => pids[h] !== undefined);
    const appliances = known.filter((h) => !isVirtual(pids[h] ?? ''));
    // One line per product id, naming its nodes once (collapsed on large deployments): the VMs to
    // confirm first, then the appliances.
    const byPid = new Map<string, string[]>();
    for (const h of known) byPid.set(pids[h] ?? '', [...(byPid.get(pids[h] ?? '') ?? []), h]);
    const toConfirm = all.filter((h) => !appliances.includes(h));
    const lines: EvidenceLine[] = [...byPid].map(([pid, hosts]) => ({
      // When these are exactly the nodes the finding lists, they are not listed a second time.
      line: `${pid} (${isVirtual(pid) ? 'virtual machine' : 'appliance'}): ${
        hosts.length > 1 && hosts.join() === toConfirm.join()
          ? `the ${hosts.length} nodes listed`
          : collapsed(hosts)
      }`,
      status: isVirtual(pid) ? 'manual' : 'pass',
    }));
    if (all.length > 0 && appliances.length === all.length) {
      return finding(base, {
        status: 'pass',
        summary: 'Every node is an SNS appliance: no VM settings to check.',
        ...faultyFirst(lines),
        remediation: 'Nothing to do.',
      });
    }
    const vms = known.filter((h) => !appliances.includes(h));
    const unknown = all.filter((h) => !known.includes(h));
    if (snapshot.platforms?.state !== 'ok') {
      lines.push({
        line: `${
          snapshot.platforms?.state === 'error'
            ? `node platforms not read: ${snapshot.platforms.error}`
            : 'the bot cannot tell an SNS appliance from a VM on this release'
        }${unknown.length > 0 ? ` (${collapsed(unknown)})` : ''}`,
        status: snapshot.platforms?.state === 'error' ? 'error' : 'manual',
      });
    } else if (unknown.length > 0) {
      lines.push({ line: `platform not reported: ${collapsed(unknown)}`, status: 'manual' });
    }
    // The nodes are named once, in the finding's node list; the summary and remediation count them.
    const parts = [
      ...(vms.length > 0
        ? [
            `Confirm guest OS, NIC type and reserved CPU/memory for the ${vms.length === 1 ? 'VM' : `${vms.length} VMs`}.`,
          ]
        : []),
      ...(unknown.length > 0
        ? [
            `The bot could not tell whether ${unknown.length === 1 ? `${unknown[0]} is an SNS appliance or a VM` : `${unknown.length} nodes are SNS appliances or VMs`}: confirm the VM settings for any that is a VM.`,
          ]
        : []),
    ];
    const toCheck = [...vms, ...unknown];
    return finding(base, {
      status: 'manual',
      summary:
        parts.join(' ') ||
        'Confirm guest OS, NIC type and reserved CPU/memory for every VM in the deployment.',
      nodes: toCheck,
      ...faultyFirst(lines),
      remediation: `For each VM${unknown.length > 0 ? ' among the nodes listed' : ''}: power it off (\`halt\` after \`application stop ise\`), set Guest OS to ${rhel}, set every network adapter to E1000 or VMXNET3, reserve all CPU (MHz) and memory equal to the SNS appliance it stands in for (no shared resources), keep the disk at 300 GB or more, then power it on. SNS appliances need nothing. Then \`ack vm-resources\`.`,
    });
  },
};
