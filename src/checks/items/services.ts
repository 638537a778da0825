import type { IseProcess } from '../../ise/cli/parsers/index.js';
import type { NodeInfo } from '../../ise/nodes.js';
import { personas } from '../../ise/nodes.js';
import { type EvidenceLine, faultyFirst, finding, names, worst } from '../finding.js';
import { fixUnread, nodeFacts, nodeInfo, unreadEvidence } from '../node-facts.js';
import { GUIDE } from '../sections.js';
import type { Check, FindingStatus } from '../types.js';

const base = { id: 'services', title: 'ISE application processes running', section: GUIDE.healthCheck };
// Without these three no node works at all; the others may be disabled by design (a persona off).
const CORE = ['Database Listener', 'Database Server', 'Application Server'];

/**
 * Which persona or OpenAPI service (ise-rest-api.md §1a enums) runs a process, by its name in
 * `show application status ise` (ise-cli.md §2.3). INFERRED from the names: ISE documents no mapping.
 * ISE lists every process on every node, so a `not running` PassiveID process on a node without the
 * PassiveIdentity service is normal (the 3.2/3.3 sample in §2.3) and is not judged.
 */
const OWNERS: Array<{ match: RegExp; owner: string; has(node: NodeInfo): boolean }> = [
  { match: /^PassiveID /, owner: 'PassiveIdentity', has: (n) => n.services.includes('PassiveIdentity') },
  { match: /pxGrid/i, owner: 'pxGrid', has: (n) => n.services.some((s) => s.startsWith('pxGrid')) },
  { match: /^SXP /, owner: 'SXP', has: (n) => n.services.includes('SXP') },
  { match: /^TC-NAC /, owner: 'TC-NAC', has: (n) => n.services.includes('TC-NAC') },
  { match: /^M&T /, owner: 'MnT', has: (n) => personas(n).includes('MnT') },
];

const KNOWN = new Set(['running', 'disabled', 'not running', 'initializing']);

type Verdict = 'down' | 'starting' | 'strange' | 'notMine' | 'unsure' | 'ok';

/** One process on one node: down only when the bot knows the node needs it. */
function judge(p: IseProcess, node: NodeInfo | undefined): Verdict {
  if (!KNOWN.has(p.state)) return 'strange';
  if (p.state === 'running' || p.state === 'disabled') return 'ok';
  const owner = CORE.includes(p.name) ? undefined : OWNERS.find((o) => o.match.test(p.name));
  if (owner !== undefined && node !== undefined && !owner.has(node)) return 'notMine';
  if (p.state === 'initializing') return 'starting';
  return CORE.includes(p.name) || (owner !== undefined && node !== undefined) ? 'down' : 'unsure';
}

export const services: Check = {
  ...base,
  kind: 'automated',
  needs: ['nodes', 'cli:services'],
  evaluate(snapshot) {
    const facts = nodeFacts(snapshot, 'services', 'show application status ise');
    const statuses: FindingStatus[] = [];
    const evidence: EvidenceLine[] = [];
    const down: string[] = [];
    const starting: string[] = [];
    const forAPerson: string[] = [];
    for (const { node, value } of facts.read) {
      const info = nodeInfo(snapshot, node);
      const by = (v: Verdict) => value.processes.filter((p) => judge(p, info) === v);
      const stopped = by('down');
      const missing = CORE.filter(
        (name) => !value.processes.some((p) => p.name === name && p.state !== 'disabled'),
      );
      const init = by('starting');
      const strange = by('strange');
      const unsure = by('unsure');
      const notMine = by('notMine');
      const running = value.processes.filter((p) => p.state === 'running').length;
      const list = (ps: IseProcess[]) => ps.map((p) => p.name).join(', ');
      const line = [
        `${node}: ${running} running`,
        stopped.length > 0 && `not running: ${list(stopped)}`,
        missing.length > 0 && `missing or disabled: ${missing.join(', ')}`,
        init.length > 0 && `initializing: ${list(init)}`,
        strange.length > 0 &&
          `in a state the bot does not know: ${strange.map((p) => `${p.name} "${p.state}"`).join(', ')}`,
        unsure.length > 0 && `not running, needed or not is for a person to say: ${list(unsure)}`,
        notMine.length > 0 &&
          `not running or starting, but not used by this node's personas and services: ${list(notMine)}`,
      ]
        .filter((p): p is string => typeof p === 'string')
        .join('; ');
      const mine: FindingStatus[] = [];
      if (stopped.length > 0 || missing.length > 0) {
        down.push(`${node} (${[...stopped.map((p) => p.name), ...missing].join(', ')})`);
        mine.push('fail');
      } else if (init.length > 0) {
        starting.push(node);
        mine.push('warn');
      }
      if (strange.length > 0 || unsure.length > 0) {
        forAPerson.push(`${node} (${[...strange, ...unsure].map((p) => p.name).join(', ')})`);
        mine.push('manual');
      }
      statuses.push(...mine);
      evidence.push({ line, status: worst(mine) });
    }
    if (facts.failed.length > 0) statuses.push('error');
    if (facts.unavailable.length > 0) statuses.push('manual');
    const status = worst(statuses);
    const first = (s: string) => s.split(' ')[0] ?? s;
    return finding(base, {
      status,
      summary:
        status === 'pass'
          ? `ISE processes are running on all ${facts.read.length} nodes.`
          : [
              down.length > 0 && `Processes not running on ${names(down)}`,
              starting.length > 0 && `still initializing on ${names(starting)}`,
              forAPerson.length > 0 && `to be judged by a person on ${names(forAPerson)}`,
              facts.failed.length > 0 && `not read on ${names(facts.failed.map((f) => f.node))}`,
              facts.unavailable.length > 0 &&
                `not readable on ${names(facts.unavailable.map((f) => f.node))}`,
            ]
              .filter(Boolean)
              .join('; ')
              .concat('.'),
      nodes: [
        ...new Set([
          ...down.map(first),
          ...starting,
          ...forAPerson.map(first),
          ...facts.failed.map((f) => f.node),
        ]),
      ],
      ...faultyFirst([...evidence, ...unreadEvidence(facts)]),
      remediation:
        [
          down.length > 0 &&
            'On each affected node run `show application status ise`; if a process stays down, restart ISE with `application stop ise` then `application start ise` (a service outage on that node) and open a TAC case if it does not recover.',
          down.length === 0 &&
            starting.length > 0 &&
            'Wait for ISE to finish starting (`show application status ise` every few minutes), then run the check again.',
          forAPerson.length > 0 &&
            'For the processes listed as for a person: check in Administration > System > Deployment whether the node runs the service they belong to; a process of a service the node runs must be running.',
          fixUnread(facts, 'show application status ise'),
          facts.unavailable.length > 0 &&
            'Run `show application status ise` on each node: every process that is not disabled must be running.',
        ]
          .filter((p): p is string => typeof p === 'string')
          .join(' ') || 'Nothing to do.',
    });
  },
};
