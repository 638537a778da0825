import { compareRelease } from '../../ise/release.js';
import { nodeDisks, nodeMemory } from '../node-resources.js';
import { type LabNode, nodeVersion, releaseOf, type Scenario } from '../scenario.js';
import { labId } from './ids.js';
import { ERS_SERVICE } from './routes-deployment.js';
import { ers, ersError, type LabRoute } from './types.js';

const NODE_SCOPE = 'com.cisco.cpm.infrastructure.telemetry.jaxbgen.DeploymentInfo$NodeList$Node';
const LIST_SCOPE = 'com.cisco.cpm.infrastructure.telemetry.jaxbgen.DeploymentInfo$NodeList';

/** A JAXB content element as deploymentinfo renders it: all seven keys (ise-rest-api.md §8b). */
function jaxb(name: string, value: unknown, scope = NODE_SCOPE, ns = 'DeploymentInfo') {
  return {
    name: `{http://www.cisco.com/${ns}}${name}`,
    declaredType:
      typeof value === 'number'
        ? 'java.lang.Integer'
        : typeof value === 'object'
          ? `${scope}$${name}`
          : 'java.lang.String',
    scope,
    value,
    nil: false,
    globalScope: false,
    typeSubstituted: false,
  };
}

function nodeTypes(n: LabNode): string {
  const types: string[] = [];
  if (n.roles.some((r) => r.endsWith('Admin') || r === 'Standalone')) types.push('PAP');
  if (n.roles.some((r) => r.endsWith('Monitoring') || r === 'Standalone')) types.push('MNT');
  if (n.services.includes('Session')) types.push('PDP');
  if (n.services.includes('pxGrid')) types.push('PXG');
  return types.join(',');
}

/**
 * `ConnectionMethod` values: Cisco's example shows `Direct Https`; the other strings (notably SSM
 * On-Prem's) have not been seen — INFERENCE (ise-rest-api.md §8c).
 */
const CONNECTION_METHOD: Record<string, string> = {
  HTTP_DIRECT: 'Direct Https',
  PROXY: 'Proxy',
  SSM_ONPREM_SERVER: 'SSM On-Prem',
  TRANSPORT_GATEWAY: 'Transport Gateway',
};

function nodeContent(scenario: Scenario, n: LabNode, now: Date) {
  const memory = nodeMemory(n);
  const stamp = now.toISOString().slice(0, 19).replace('T', '%20');
  const services = n.services.map((s) => ERS_SERVICE[s]).filter(Boolean);
  return [
    // Cisco's 2.7-era example has no Name (ise-rest-api.md §8b): `api.deploymentInfoName: false`.
    ...(scenario.api.deploymentInfoName ? [jaxb('Name', n.hostname)] : []),
    jaxb('NodeTypes', nodeTypes(n)),
    jaxb('ProfilerProbes', n.services.includes('Profiler') ? n.profilerProbes.join(',') : ''),
    jaxb('Status', n.status === 'Connected' ? 'CONNECTED' : n.status.toUpperCase()),
    jaxb('NodeServiceType', services.join(',')),
    jaxb('Version', nodeVersion(scenario, n).version),
    jaxb('PID', n.platform === 'appliance' ? (n.model ?? 'SNS-3695-K9') : 'ISE-VM-K9'),
    jaxb('NumberOfCpuCores', n.cpus),
    jaxb('VMDiskSpace', n.platform === 'vm' ? `${n.disk.totalGb} GiB` : ''),
    jaxb('Memory', {
      fromDate: stamp,
      toDate: stamp,
      total: String(memory.totalKb),
      free: String(memory.freeKb),
      percent: String(n.memoryUsedPercent),
    }),
    jaxb('Disk', {
      fromDate: stamp,
      toDate: stamp,
      fileSystem: nodeDisks(n).map((d) => ({
        name: d.device,
        total: String(d.totalKb),
        used: String(d.usedKb),
        available: String(d.freeKb),
        percent: `${Math.round((d.usedKb / d.totalKb) * 100)}%`,
        mountPoint: d.mountPoint,
      })),
    }),
  ];
}

/** `getAllInfo` (2.7+): nodes, licensing, MDM counts, AD, profiler (ise-rest-api.md §8b). */
export const deploymentInfoRoutes: LabRoute[] = [
  {
    method: 'GET',
    family: 'ers',
    path: /^\/ers\/config\/deploymentinfo\/getAllInfo$/,
    handle: ({ scenario, now }) => {
      if (compareRelease(releaseOf(scenario.version), '2.7') < 0) {
        return ersError(
          404,
          'GET-getAllInfo-deploymentinfo',
          'Resource not found',
          'Unsupported resource exception',
        );
      }
      const deploymentID = labId('deployment', scenario.name);
      const nodes = scenario.nodes.map((n) => ({
        ...jaxb('Node', { content: nodeContent(scenario, n, now) }, LIST_SCOPE),
        declaredType: NODE_SCOPE,
      }));
      const ad = scenario.activeDirectory[0];
      return ers({
        ERSDeploymentInfo: {
          deploymentInfo: {
            deploymentID,
            fipsstatus: 'Disabled',
            nodeList: {
              nodeAndNodeCountAndCountInfo: [...nodes, jaxb('NodeCount', scenario.nodes.length, LIST_SCOPE)],
            },
          },
          licensesInfo: {
            deploymentID,
            nodeList: {
              nodeAndScope: [
                {
                  content: [
                    jaxb(
                      'ConnectionMethod',
                      CONNECTION_METHOD[scenario.licensing.connectionType],
                      NODE_SCOPE,
                      'LicenseInfo',
                    ),
                  ],
                },
              ],
            },
          },
          // The spec types the counts as integers; the SDK mocks as strings (§5). Integers here.
          mdmInfo: {
            activeMdmServersCount: scenario.mdm.activeServers,
            activeDesktopMdmServersCount: scenario.mdm.activeDesktopServers,
            activeMobileMdmServersCount: scenario.mdm.activeMobileServers,
            deploymentID,
            // JAXB mixed content: a literal string first, then objects (§8b).
            nodeList: { nodeAndScope: ['deployment', { content: [] }] },
          },
          networkAccessInfo: {
            deploymentID,
            isCsnEnabled: false,
            trustSecControl: 'ISE',
            nodeList: {
              nodeAndScope: [
                'deployment',
                {
                  content: ad
                    ? [
                        jaxb(
                          'ADInfo',
                          { selectedAuthDomainCount: 1, adname: ad.name },
                          NODE_SCOPE,
                          'NetworkAccessInfo',
                        ),
                      ]
                    : [],
                },
              ],
            },
          },
        },
      });
    },
  },
];
