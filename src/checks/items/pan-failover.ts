import { finding, read } from '../finding.js';
import { GUIDE, MENU } from '../sections.js';
import type { Check } from '../types.js';

const base = {
  id: 'pan-failover',
  title: 'Automatic PAN failover disabled',
  section: GUIDE.disableAutomation,
};
const WHERE = `${MENU.deployment} > PAN Failover`;

/** Failover during the upgrade would promote a half-upgraded node; the guide says disable it first. */
export const panFailover: Check = {
  ...base,
  kind: 'automated',
  needs: ['panFailover'],
  evaluate(snapshot) {
    const ha = read(base, snapshot.panFailover, 'PAN failover settings', {
      look: `Open ${WHERE}: "Enable PAN Auto Failover" must be unchecked during the upgrade.`,
    });
    if (!ha.ok) return ha.finding;
    const evidence = [
      `automatic failover ${ha.value.enabled ? 'enabled' : 'disabled'}${ha.value.primaryHealthCheckNode ? `; health check nodes ${ha.value.primaryHealthCheckNode}${ha.value.secondaryHealthCheckNode ? `, ${ha.value.secondaryHealthCheckNode}` : ''}` : ''}`,
    ];
    if (ha.value.enabled) {
      return finding(base, {
        status: 'fail',
        summary: 'Automatic PAN failover is enabled; disable it for the upgrade.',
        evidence,
        remediation: `In ${WHERE}, uncheck "Enable PAN Auto Failover" and save; note the health check nodes so you can re-enable it afterwards.`,
      });
    }
    return finding(base, {
      status: 'pass',
      summary: 'Automatic PAN failover is disabled.',
      evidence,
      remediation: 'Nothing to do; re-enable it after the upgrade if you use it.',
    });
  },
};
