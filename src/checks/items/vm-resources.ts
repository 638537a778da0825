import { compareRelease } from '../../ise/release.js';
import { finding } from '../finding.js';
import { hostnames } from '../node-facts.js';
import { GUIDE } from '../sections.js';
import type { Check } from '../types.js';

const base = { id: 'vm-resources', title: 'VM guest OS, NIC type and reserved resources', section: GUIDE.vm };

/**
 * VMware settings are outside ISE's CLI and API as read today (no `show inventory` in the snapshot), so
 * this is manual with the exact settings. RHEL 7 for 3.0 is from the guide; RHEL 8 for later targets is
 * unverified (upgrade rules §3).
 */
export const vmResources: Check = {
  ...base,
  kind: 'manual',
  needs: ['nodes'],
  evaluate(snapshot, context) {
    const rhel =
      context.target !== undefined && compareRelease(context.target, '3.1') >= 0
        ? 'Red Hat Enterprise Linux 8 (64-bit) (unverified for this target: check its install guide)'
        : 'Red Hat Enterprise Linux 7 (64-bit)';
    const nodes = hostnames(snapshot);
    return finding(base, {
      status: 'manual',
      summary: 'For every node that is a VM, confirm guest OS, NIC type and reserved CPU/memory.',
      nodes,
      evidence: ['the bot cannot tell an SNS appliance from a VM or read VMware settings'],
      remediation: `For each VM${nodes.length > 0 ? ` (${nodes.join(', ')})` : ''}: power it off (\`halt\` after \`application stop ise\`), set Guest OS to ${rhel}, set every network adapter to E1000 or VMXNET3, reserve all CPU (MHz) and memory equal to the SNS appliance it stands in for (no shared resources), keep the disk at 300 GB or more, then power it on. SNS appliances need nothing. Then \`ack vm-resources\`.`,
    });
  },
};
