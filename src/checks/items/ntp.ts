import { type EvidenceLine, faultyFirst, finding, names, worst } from '../finding.js';
import { fixUnread, nodeFacts, unreadEvidence } from '../node-facts.js';
import { GUIDE } from '../sections.js';
import type { Check, FindingStatus } from '../types.js';

const base = { id: 'ntp', title: 'NTP configured, reachable and synchronised', section: GUIDE.ntp };
// chrony (ISE 2.7 and later) only follows servers whose root dispersion is under 3 s (guide, NTP section).
const MAX_DISPERSION_S = 3;

/** Nodes reboot and replicate during the upgrade: an unreachable or unsynchronised NTP fails it. */
export const ntp: Check = {
  ...base,
  kind: 'automated',
  needs: ['nodes', 'cli:ntp'],
  evaluate(snapshot) {
    const facts = nodeFacts(snapshot, 'ntp', 'show ntp');
    const statuses: FindingStatus[] = [];
    const evidence: EvidenceLine[] = [];
    const failing: string[] = [];
    const dispersed: string[] = [];
    for (const { node, value } of facts.read) {
      // Some releases print only the sources table: a server the node polls is configured even when no
      // "Configured NTP Servers:" list was printed, and a missing list is no proof that none is set.
      const listed = value.servers.filter((s) => s.configured);
      const configured = listed.length > 0 ? listed : value.servers;
      const unreachable = configured.filter((s) => s.reachable === false);
      const problems: string[] = [];
      if (configured.length === 0 && !value.synchronised) problems.push('no NTP server listed');
      if (!value.synchronised) problems.push('not synchronised');
      if (unreachable.length > 0)
        problems.push(`unreachable: ${unreachable.map((s) => s.address).join(', ')}`);
      // ntpd prints no root dispersion, but "time correct to within N ms" is bounded below by it.
      const dispersion =
        value.rootDispersionSeconds ?? (value.accuracyMs === undefined ? undefined : value.accuracyMs / 1000);
      const line = `${node}: ${value.synchronised ? `synchronised to ${value.syncedTo ?? 'a server'}` : 'unsynchronised'}; servers ${configured.map((s) => `${s.address}${s.reachable === false ? ' (unreachable)' : ''}`).join(', ') || 'none'}${dispersion === undefined ? '' : value.rootDispersionSeconds === undefined ? `; time correct to within ${dispersion} s` : `; root dispersion ${dispersion} s`} (${value.form})`;
      let mine: FindingStatus = 'pass';
      if (problems.length > 0) {
        failing.push(`${node} (${problems.join(', ')})`);
        mine = 'fail';
      } else if (dispersion !== undefined && dispersion >= MAX_DISPERSION_S) {
        dispersed.push(`${node} (${dispersion} s)`);
        mine = 'warn';
      }
      statuses.push(mine);
      evidence.push({ line, status: mine });
    }
    if (facts.failed.length > 0) statuses.push('error');
    if (facts.unavailable.length > 0) statuses.push('manual');
    const status = worst(statuses);
    const parts = [
      failing.length > 0 && `NTP problems on ${names(failing)}`,
      dispersed.length > 0 && `root dispersion of 3 s or more on ${names(dispersed)}`,
      facts.failed.length > 0 && `not read on ${names(facts.failed.map((f) => f.node))}`,
      facts.unavailable.length > 0 && `not readable on ${names(facts.unavailable.map((f) => f.node))}`,
    ].filter((p): p is string => typeof p === 'string');
    return finding(base, {
      status,
      summary:
        status === 'pass'
          ? `All ${facts.read.length} nodes are synchronised to reachable NTP servers.`
          : `${parts.join('; ')}.`,
      nodes: [...failing, ...dispersed]
        .map((s) => s.split(' ')[0] ?? s)
        .concat(facts.failed.map((f) => f.node)),
      ...faultyFirst([...evidence, ...unreadEvidence(facts)]),
      remediation:
        [
          failing.length > 0 &&
            'Fix NTP on those nodes: check the servers in `show running-config | include ntp`, set them with `ntp server <address>` in config mode, open UDP 123 to them, and confirm with `show ntp` that the node is synchronised.',
          dispersed.length > 0 &&
            'Use NTP servers with a root dispersion under 3 seconds (chrony ignores worse ones): point the nodes at a stratum 1–3 server close to them.',
          fixUnread(facts, 'show ntp'),
          facts.unavailable.length > 0 &&
            'Run `show ntp` on each node: it must say synchronised, with every server reachable.',
        ]
          .filter((p): p is string => typeof p === 'string')
          .join(' ') || 'Nothing to do.',
    });
  },
};
