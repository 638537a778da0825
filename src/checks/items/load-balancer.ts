import { finding } from '../finding.js';
import { GUIDE } from '../sections.js';
import type { Check } from '../types.js';

const base = { id: 'load-balancer', title: 'Load balancers prepared', section: GUIDE.loadBalancer };

/** Load balancers sit outside ISE; only their owners can confirm these three things. */
export const loadBalancer: Check = {
  ...base,
  kind: 'manual',
  needs: [],
  evaluate() {
    return finding(base, {
      status: 'manual',
      summary:
        'Back up the load balancer config, plan to take PSNs out during the window, and check its session timeout.',
      remediation:
        'If a load balancer sits in front of the PSNs or between PAN and PSNs: (1) save its configuration; (2) plan to remove each PSN from the pool while it upgrades and add it back after; (3) make sure its idle/session timeout is long enough for the PAN → PSN database copy during registration (a timeout mid-copy fails the PSN upgrade). Then `ack load-balancer`. If there is no load balancer, ack it too.',
    });
  },
};
