import { finding, names, worst } from '../finding.js';
import { fixUnread, nodeFacts, unreadLines } from '../node-facts.js';
import { GUIDE } from '../sections.js';
import type { Check, FindingStatus } from '../types.js';

const base = { id: 'services', title: 'ISE application processes running', section: GUIDE.healthCheck };
// Without these three no node works at all; the others may be disabled by design (a persona off).
const CORE = ['Database Listener', 'Database Server', 'Application Server'];

export const services: Check = {
  ...base,
  kind: 'automated',
  needs: ['nodes', 'cli:services'],
  evaluate(snapshot) {
    const facts = nodeFacts(snapshot, 'services', 'show application status ise');
    const statuses: FindingStatus[] = [];
    const evidence: string[] = [];
    const down: string[] = [];
    const starting: string[] = [];
    for (const { node, value } of facts.read) {
      const stopped = value.processes.filter((p) => p.state === 'not running');
      const missing = CORE.filter(
        (name) => !value.processes.some((p) => p.name === name && p.state !== 'disabled'),
      );
      const init = value.processes.filter((p) => p.state === 'initializing');
      const running = value.processes.filter((p) => p.state === 'running').length;
      evidence.push(
        `${node}: ${running} running${stopped.length > 0 ? `; not running: ${stopped.map((p) => p.name).join(', ')}` : ''}${missing.length > 0 ? `; missing or disabled: ${missing.join(', ')}` : ''}${init.length > 0 ? `; initializing: ${init.map((p) => p.name).join(', ')}` : ''}`,
      );
      if (stopped.length > 0 || missing.length > 0) {
        down.push(`${node} (${[...stopped.map((p) => p.name), ...missing].join(', ')})`);
        statuses.push('fail');
      } else if (init.length > 0) {
        starting.push(node);
        statuses.push('warn');
      }
    }
    if (facts.failed.length > 0) statuses.push('error');
    if (facts.unavailable.length > 0) statuses.push('manual');
    const status = worst(statuses);
    return finding(base, {
      status,
      summary:
        status === 'pass'
          ? `ISE processes are running on all ${facts.read.length} nodes.`
          : [
              down.length > 0 && `Processes not running on ${names(down)}`,
              starting.length > 0 && `still initializing on ${names(starting)}`,
              facts.failed.length > 0 && `not read on ${names(facts.failed.map((f) => f.node))}`,
              facts.unavailable.length > 0 &&
                `not readable on ${names(facts.unavailable.map((f) => f.node))}`,
            ]
              .filter(Boolean)
              .join('; ')
              .concat('.'),
      nodes: [...down.map((s) => s.split(' ')[0] ?? s), ...starting, ...facts.failed.map((f) => f.node)],
      evidence: [...evidence, ...unreadLines(facts)],
      remediation:
        down.length > 0
          ? 'On each affected node run `show application status ise`; if a process stays down, restart ISE with `application stop ise` then `application start ise` (a service outage on that node) and open a TAC case if it does not recover.'
          : starting.length > 0
            ? 'Wait for ISE to finish starting (`show application status ise` every few minutes), then run the check again.'
            : facts.failed.length > 0
              ? (fixUnread(facts, 'show application status ise') ?? '')
              : facts.unavailable.length > 0
                ? 'Run `show application status ise` on each node: every process that is not disabled must be running.'
                : 'Nothing to do.',
    });
  },
};
