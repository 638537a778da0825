import { personas } from '../../ise/nodes.js';
import { evidenceFor, finding, read } from '../finding.js';
import { GUIDE, MENU } from '../sections.js';
import type { Check } from '../types.js';

const base = {
  id: 'node-status',
  title: 'Every node registered, reachable and in sync',
  section: GUIDE.healthCheck,
};
const LOOK = `Open ${MENU.deployment}: every node should show Connected and in sync.`;

/**
 * The OpenAPI `NodeStatus` enum (ise-rest-api.md §1): Connected is good; these mean replication is broken or
 * not done. NotUpgraded, NotApplicable and anything ISE prints that the bot does not know (deploymentinfo's
 * `PRIMARY`, `Unknown` when the release does not say) are left to a person, never failed.
 */
const BAD = new Set([
  'disconnected',
  'notinsync',
  'not in sync',
  'replicationstopped',
  'registrationfailed',
  'inprogress',
]);

function judge(status: string): 'good' | 'bad' | 'unknown' {
  const s = status.trim().toLowerCase();
  if (s === 'connected') return 'good';
  return BAD.has(s) ? 'bad' : 'unknown';
}

const VERDICT = { good: 'pass', bad: 'fail', unknown: 'manual' } as const;

/** Replication has to work during the upgrade: a disconnected or out-of-sync node blocks it (Health Check). */
export const nodeStatus: Check = {
  ...base,
  kind: 'automated',
  needs: ['nodes'],
  evaluate(snapshot) {
    const nodes = read(base, snapshot.nodes, 'deployment nodes', { look: LOOK });
    if (!nodes.ok) return nodes.finding;
    const list = nodes.value;
    // Broken replication first, then what only a person can judge, then the connected nodes.
    const evidence = evidenceFor(
      list,
      (n) => VERDICT[judge(n.status)],
      (n) => `${n.hostname} (${personas(n).join(', ') || 'no persona'}): ${n.status}`,
    );
    const bad = list.filter((n) => judge(n.status) === 'bad');
    const unknown = list.filter((n) => judge(n.status) === 'unknown');
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
        ...evidence,
        remediation: `Bring ${bad.length === 1 ? bad[0]?.hostname : `the ${bad.length} nodes listed`} back in sync before the upgrade: in ${MENU.deployment}, select the node and click Syncup; if it stays disconnected, check TCP 443/12001 from the PAN and the node's \`show application status ise\`.`,
      });
    }
    if (unknown.length > 0) {
      return finding(base, {
        status: 'manual',
        summary: `The bot cannot judge the status of ${unknown.map((n) => `${n.hostname} (${n.status === 'Unknown' ? 'not reported by this release' : `"${n.status}"`})`).join(', ')}; look in the GUI.`,
        nodes: unknown.map((n) => n.hostname),
        ...evidence,
        remediation: LOOK,
      });
    }
    return finding(base, {
      status: 'pass',
      summary: `All ${list.length} nodes are connected and in sync.`,
      ...evidence,
      remediation: 'Nothing to do.',
    });
  },
};
