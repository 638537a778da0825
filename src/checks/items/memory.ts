import { personas } from '../../ise/nodes.js';
import { type EvidenceLine, faultyFirst, finding, gb, names, worst } from '../finding.js';
import { fixUnread, nodeFacts, nodeInfo, unreadEvidence } from '../node-facts.js';
import { certaintyNote, RELEASES, targetRelease } from '../releases.js';
import { GUIDE } from '../sections.js';
import type { Check, FindingStatus } from '../types.js';

const base = { id: 'memory', title: 'Enough memory for each node’s personas', section: GUIDE.upgradeVm };
// The kernel keeps some memory for itself: a 32 GB VM shows a little under 32 GB as total.
const TOLERANCE = 0.95;

export const memory: Check = {
  ...base,
  kind: 'automated',
  needs: ['nodes', 'cli:memory'],
  evaluate(snapshot, context) {
    const facts = nodeFacts(snapshot, 'memory', 'show memory');
    const target = targetRelease(context.releases, context.target) ?? RELEASES.targets[0];
    const minimums = target?.minMemoryGb ?? { PAN: 32, MnT: 32, PSN: 32, pxGrid: 32 };
    const statuses: FindingStatus[] = [];
    const evidence: EvidenceLine[] = [];
    const short: string[] = [];
    const noTotal: string[] = [];
    for (const { node, value } of facts.read) {
      const total = value.totalBytes ?? value.mem?.totalBytes;
      const roles = personas(nodeInfo(snapshot, node) ?? { roles: [], services: [] });
      const need = Math.max(...roles.map((p) => minimums[p]), minimums.PSN);
      if (total === undefined) {
        evidence.push({ line: `${node}: \`show memory\` printed no total`, status: 'error' });
        noTotal.push(node);
        statuses.push('error');
        continue;
      }
      const low = total < need * 1024 ** 3 * TOLERANCE;
      evidence.push({
        line: `${node} (${roles.join(', ') || 'no persona'}): ${gb(total)}, needs ${need} GB`,
        status: low ? 'warn' : 'pass',
      });
      if (low) {
        short.push(`${node} (${gb(total)})`);
        statuses.push('warn');
      }
    }
    if (facts.failed.length > 0) statuses.push('error');
    if (facts.unavailable.length > 0) statuses.push('manual');
    const status = worst(statuses);
    const note = certaintyNote(target?.minMemoryCertainty ?? 'unverified');
    return finding(base, {
      status,
      summary:
        short.length > 0
          ? `Below the recommended memory${note}: ${names(short)}.`
          : status === 'pass'
            ? `All ${facts.read.length} nodes have the memory their personas need.`
            : `Memory could not be read on ${names([...noTotal, ...[...facts.failed, ...facts.unavailable].map((f) => f.node)])}.`,
      nodes: [...short.map((s) => s.split(' ')[0] ?? s), ...noTotal, ...facts.failed.map((f) => f.node)],
      ...faultyFirst([...evidence, ...unreadEvidence(facts)]),
      remediation:
        short.length > 0
          ? 'Give the VM reserved memory matching the SNS appliance it stands in for (power off, edit the VM settings, reserve all guest memory), per the ISE installation guide’s VM requirements.'
          : facts.failed.length > 0
            ? (fixUnread(facts, 'show memory') ?? '')
            : facts.unavailable.length > 0
              ? 'Run `show memory` on each node and compare with the VM requirements of the ISE installation guide.'
              : noTotal.length > 0
                ? `Run \`show memory\` by hand on ${names(noTotal)} and compare the total with the VM requirements of the ISE installation guide.`
                : 'Nothing to do.',
    });
  },
};
