import { personas } from '../../ise/nodes.js';
import type { Snapshot } from '../../ise/snapshot/types.js';
import { evidenceFor, finding, names } from '../finding.js';
import { GUIDE } from '../sections.js';
import type { Check, Finding } from '../types.js';

const base = { id: 'firewall-ports', title: 'Node-to-node firewall ports open', section: GUIDE.ports };

/** The guide's table: which TCP ports each node must accept from the PAN (and from its peers). */
export function expectedPorts(snapshot: Snapshot): Array<{ node: string; port: number; why: string }> {
  if (snapshot.nodes.state !== 'ok') return [];
  const grouped = new Set(
    snapshot.nodeGroups?.state === 'ok' ? snapshot.nodeGroups.value.flatMap((g) => g.members) : [],
  );
  return snapshot.nodes.value.flatMap((n) => {
    const p = personas(n);
    return [
      { node: n.hostname, port: 443, why: 'PAN ↔ all nodes' },
      { node: n.hostname, port: 12001, why: 'cluster replication' },
      ...(p.includes('MnT') || p.includes('PAN') ? [{ node: n.hostname, port: 1521, why: 'PAN ↔ MnT' }] : []),
      ...(p.includes('PSN') && grouped.has(n.hostname)
        ? [
            { node: n.hostname, port: 7800, why: 'PSN node group' },
            { node: n.hostname, port: 7802, why: 'PSN node group' },
          ]
        : []),
    ];
  });
}

function portTable(snapshot: Snapshot): Finding['table'] {
  return {
    columns: ['Node', 'TCP port', 'For'],
    rows: expectedPorts(snapshot).map((e) => [e.node, String(e.port), e.why]),
  };
}

const TABLE_TEXT =
  'Open TCP 443 (PAN ↔ every node), 12001 (every node, cluster replication), 1521 (PAN ↔ MnT) and, for PSNs in a node group, 7800 and 7802 between the group members, on every firewall between the nodes.';

/** The bot probes from where it runs, which is not the nodes' path; a closed port is still a red flag. */
export const firewallPorts: Check = {
  ...base,
  kind: 'automated',
  needs: ['nodes', 'nodeGroups', 'ports'],
  evaluate(snapshot) {
    const probes = snapshot.ports;
    if (probes === undefined || probes.state !== 'ok') {
      const why =
        probes === undefined ? 'no probe was made' : probes.state === 'error' ? probes.error : probes.reason;
      return finding(base, {
        status: 'manual',
        // The reason is said once, as the evidence; the summary says what to do about it.
        summary:
          'Confirm the node-to-node ports with your firewall team: the bot has no probe result for them.',
        evidence: [why],
        faulty: 1,
        table: portTable(snapshot),
        remediation: `${TABLE_TEXT} Then \`ack firewall-ports\`.`,
      });
    }
    const closed = probes.value.filter((p) => !p.open);
    // Closed ports first, then the open ones, each in the order probed.
    const { evidence, faulty } = evidenceFor(
      probes.value,
      (p) => !p.open,
      (p) => `${p.node}:${p.port} ${p.open ? 'open' : 'closed'}${p.detail ? ` (${p.detail})` : ''}`,
    );
    if (closed.length > 0) {
      return finding(base, {
        status: 'fail',
        summary: `Closed from the bot: ${names(
          closed.map((p) => `${p.node}:${p.port}`),
          8,
        )}.`,
        nodes: [...new Set(closed.map((p) => p.node))],
        evidence,
        faulty,
        table: portTable(snapshot),
        remediation: `${TABLE_TEXT} The bot probes from its own host; if it sits outside the nodes' path, confirm from a node with \`telnet <node> <port>\`-style tests or with the firewall team.`,
      });
    }
    return finding(base, {
      status: 'pass',
      summary: `All ${probes.value.length} probed ports answer.`,
      evidence: [...evidence, 'probed from the bot’s host, not between the nodes'],
      faulty: 0,
      remediation: 'Nothing to do; firewalls between nodes may still differ from the bot’s path.',
    });
  },
};
