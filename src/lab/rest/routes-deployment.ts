import { compareRelease } from '../../ise/release.js';
import { fqdn, nodeVersion, type Scenario } from '../scenario.js';
import { ersSearchResult } from './ers-paging.js';
import { labId } from './ids.js';
import { ers, ersError, json, type LabRoute, xml } from './types.js';

function release(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}

function nodeById(scenario: Scenario, id: string) {
  return scenario.nodes.find((n) => labId('node', n.hostname) === id);
}

export const ERS_SERVICE: Record<string, string> = {
  Session: 'SESSION',
  Profiler: 'PROFILER',
  DeviceAdmin: 'DEVICE ADMIN',
  SXP: 'SXP',
  PassiveIdentity: 'PASSIVE IDENTITY',
  'TC-NAC': 'TC-NAC',
};

/** Deployment, node and version resources across ERS, OpenAPI and MnT. */
export const deploymentRoutes: LabRoute[] = [
  {
    method: 'GET',
    family: 'ers',
    path: /^\/ers\/config\/op\/systemconfig\/iseversion$/,
    handle: ({ scenario }) =>
      ers({
        OperationResult: {
          resultValue: [
            { value: scenario.version, name: 'version' },
            // "a comma-separated list of the patches that are installed" (Cisco's description).
            {
              value: Array.from({ length: scenario.patch }, (_, i) => i + 1).join(','),
              name: 'patch information',
            },
          ],
        },
      }),
  },
  {
    method: 'GET',
    family: 'ers',
    path: /^\/ers\/config\/node$/,
    handle: (request) =>
      ersSearchResult(
        request,
        '/ers/config/node',
        request.scenario.nodes.map((n) => ({
          id: labId('node', n.hostname),
          name: n.hostname,
          description: '',
        })),
      ),
  },
  {
    method: 'GET',
    family: 'ers',
    path: /^\/ers\/config\/node\/(?<id>[0-9a-f-]+)$/,
    handle: (request, { id = '' }) => {
      const { scenario } = request;
      const n = nodeById(scenario, id);
      if (!n)
        return ersError(
          404,
          'GET-getById-node',
          `Resource with id ${id} not found`,
          'Resource not found exception',
        );
      const admin = n.roles.some((r) => r.endsWith('Admin') || r === 'Standalone');
      const v = release(scenario.version);
      return ers({
        Node: {
          id,
          name: n.hostname,
          displayName: n.hostname,
          inDeployment: true,
          ipAddress: n.ipAddress ?? '',
          ipAddresses: [n.ipAddress ?? ''],
          nodeServiceTypes: n.services
            .map((s) => ERS_SERVICE[s])
            .filter(Boolean)
            .join(','),
          // `fqdn` arrived with deploy.node 1.2 in ISE 2.7 (ise-rest-api.md §1d).
          ...(compareRelease(v, '2.7') >= 0 ? { fqdn: fqdn(scenario, n) } : {}),
          papNode: admin,
          primaryPapNode: n.roles.includes('PrimaryAdmin') || n.roles.includes('Standalone'),
          pxGridNode: n.services.includes('pxGrid'),
          link: { rel: 'self', href: `${request.origin}/ers/config/node/${id}`, type: 'application/json' },
        },
      });
    },
  },
  {
    method: 'GET',
    family: 'openapi',
    path: /^\/api\/v1\/deployment\/node\/?$/,
    handle: ({ scenario }) =>
      json({
        response: scenario.nodes.map((n) => ({
          hostname: n.hostname,
          fqdn: fqdn(scenario, n),
          ipAddress: n.ipAddress ?? '',
          roles: n.roles,
          services: n.services,
          nodeStatus: n.status,
        })),
        version: '1.0.0',
      }),
  },
  {
    method: 'GET',
    family: 'openapi',
    // Sent to each node: it reports only itself (INFERENCE in ise-rest-api.md §1e). A bare object.
    path: /^\/api\/v1\/patch\/?$/,
    handle: ({ scenario, node }) => {
      const { version, patch } = nodeVersion(scenario, node);
      return json({
        iseVersion: version,
        patchVersion: patch === 0 ? [] : [{ patchNumber: patch, installDate: 'Tue Jan 30 04:48:13 2024' }],
      });
    },
  },
  {
    method: 'GET',
    family: 'mnt',
    path: /^\/admin\/API\/mnt\/Version$/,
    handle: ({ scenario, node }) => {
      if (!node.roles.some((r) => r.endsWith('Monitoring') || r === 'Standalone')) {
        return xml(
          '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><mnt-rest-result><http-code>500</http-code><cpm-code>34110</cpm-code><description>Server has encountered error while processing the REST request</description><module-name>MnT</module-name><internal-error-info>This host is not a MnT node. MnT REST APIs can not be executed on this node.</internal-error-info><requested-operation>Get By Type</requested-operation><resource-id>dummy</resource-id><resource-name>dummy</resource-name><resource-type>ActiveCount</resource-type><status>SERVER_ERROR</status></mnt-rest-result>',
          500,
        );
      }
      return xml(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><product name="Cisco Identity Services Engine"><version>${nodeVersion(scenario, node).version}</version><type_of_node>1</type_of_node></product>`,
      );
    },
  },
];
