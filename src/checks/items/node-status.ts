import { personas } from '../../ise/nodes.js';
import { finding, names, read } from '../finding.js';
import { GUIDE, MENU } from '../sections.js';
import type { Check } from '../types.js';

const base = {
  id: 'node-status',
  title: 'Every node registered, reachable and in sync',
  section: GUIDE.healthCheck,
};
const LOOK = `Open ${MENU.deployment}: every node should show Connected and in sync.`;

/** Replication has to work during the upgrade: a disconnected or out-of-sync node blocks it (Health Check). */
export const nodeStatus: Check = {
  ...base,
  kind: 'automated',
  needs: ['nodes'],
  evaluate(snapshot) {
    const nodes = read(base, snapshot.nodes, 'deployment nodes', { look: LOOK });
    if (!nodes.ok) return nodes.finding;
    const list = nodes.value;
    const evidence = list.map(
      (n) => `${n.hostname} (${personas(n).join(', ') || 'no persona'}): ${n.status}`,
    );
    const bad = list.filter((n) => n.status !== 'Connected' && n.status !== 'Unknown');
    const unknown = list.filter((n) => n.status === 'Unknown');
    if (list.length === 0) {
      return finding(base, {
        status: 'error',
        summary: 'ISE returned no nodes for this deployment.',
        remediation: `Check the REST account can read the deployment (${MENU.deployment}), then run again.`,
      });
    }
    if (bad.length > 0) {
      return finding(base, {
        status: 'fail',
        summary: `${bad.map((n) => `${n.hostname} is ${n.status}`).join('; ')}.`,
        nodes: bad.map((n) => n.hostname),
        evidence,
        remediation: `Bring ${names(bad.map((n) => n.hostname))} back in sync before the upgrade: in ${MENU.deployment}, select the node and click Syncup; if it stays disconnected, check TCP 443/12001 from the PAN and the node's \`show application status ise\`.`,
      });
    }
    if (unknown.length > 0) {
      return finding(base, {
        status: 'manual',
        summary: `This release does not report node status for ${names(unknown.map((n) => n.hostname))}; look in the GUI.`,
        nodes: unknown.map((n) => n.hostname),
        evidence,
        remediation: LOOK,
      });
    }
    return finding(base, {
      status: 'pass',
      summary: `All ${list.length} nodes are connected and in sync.`,
      evidence,
      remediation: 'Nothing to do.',
    });
  },
};
