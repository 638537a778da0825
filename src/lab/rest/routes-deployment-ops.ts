import { isPsn } from '../scenario-node.js';
import { type LabRoute, openApi, openApiError } from './types.js';

const NIC = 'GigabitEthernet0';

/** `ProfilerProbes` tokens (deploymentinfo spelling) to the OpenAPI profile keys (ise-rest-api.md §9a). */
const PROBES: Record<string, [string, unknown]> = {
  netflow: ['netflow', { interface: NIC, port: 9996 }],
  dhcp: ['dhcp', { interface: NIC, port: 67 }],
  dhcpspan: ['dhcpSpan', { interface: NIC }],
  http: ['http', { interface: NIC }],
  // radius, nmap and pxgrid are arrays holding `{}` when on; an absent key means off (INFERENCE, §9a).
  radius: ['radius', [{}]],
  nmap: ['nmap', [{}]],
  dns: ['dns', { timeout: 2 }],
  snmpquery: ['snmpQuery', { retries: 2, timeout: 1000, eventTimeout: 30 }],
  snmptrap: ['snmpTrap', { linkTrapQuery: true, macTrapQuery: true, interface: NIC, port: 162 }],
  activedir: ['activeDirectory', { daysBeforeRescan: 1 }],
  pxgrid: ['pxgrid', [{}]],
};

/** Node groups, PAN HA and profiler configuration: the deployment module's other resources (3.1+). */
export const deploymentOpsRoutes: LabRoute[] = [
  {
    method: 'GET',
    family: 'openapi',
    path: /^\/api\/v1\/deployment\/node-group\/?$/,
    handle: ({ scenario }) =>
      openApi(
        scenario.nodeGroups.map((g) => ({
          name: g.name,
          description: g.description,
          marCache: {
            'query-attempts': 1,
            'query-timeout': 2,
            'replication-attempts': 2,
            'replication-timeout': 5,
          },
        })),
      ),
  },
  {
    method: 'GET',
    family: 'openapi',
    path: /^\/api\/v1\/deployment\/node-group\/(?<name>[^/]+)\/node\/?$/,
    handle: ({ scenario }, { name = '' }) => {
      const group = decodeURIComponent(name);
      if (!scenario.nodeGroups.some((g) => g.name === group))
        return openApiError(404, `Node group ${group} does not exist`);
      return openApi(
        scenario.nodes.filter((n) => n.nodeGroup === group).map((n) => ({ hostname: n.hostname })),
      );
    },
  },
  {
    method: 'GET',
    family: 'openapi',
    path: /^\/api\/v1\/deployment\/pan-ha\/?$/,
    handle: ({ scenario }) => {
      const ha = scenario.panHa;
      // The disabled shape is INFERENCE (ise-rest-api.md §6): only isEnabled.
      if (!ha.enabled) return openApi({ isEnabled: false });
      return openApi({
        isEnabled: true,
        primaryHealthCheckNode: { hostname: ha.primaryHealthCheckNode ?? '' },
        secondaryHealthCheckNode: { hostname: ha.secondaryHealthCheckNode ?? '' },
        pollingInterval: ha.pollingInterval,
        failedAttempts: ha.failedAttempts,
      });
    },
  },
  {
    method: 'GET',
    family: 'openapi',
    path: /^\/api\/v1\/profile\/(?<host>[^/]+)\/?$/,
    handle: ({ scenario }, { host = '' }) => {
      const node = scenario.nodes.find((n) => n.hostname === host.split('.')[0]);
      if (!node) return openApiError(404, `Node ${host} not found`);
      if (!isPsn(node)) return openApiError(400, `Profiler is not enabled on ${host}`);
      const probes = node.services.includes('Profiler') ? node.profilerProbes : [];
      return openApi(
        Object.fromEntries(probes.map((p) => PROBES[p.toLowerCase()]).filter((e) => e !== undefined)),
      );
    },
  },
];
