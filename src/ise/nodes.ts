import type { IseAccess } from './access.js';
import { hasOpenApi, type IseRelease } from './release.js';
import { contentValue, type DeploymentInfo, deploymentInfoNodes } from './rest/deployment-info.js';
import { ersListAll } from './rest/ers.js';

/** One node as `nodes` and the checks see it (CONTRACTS.md: hostname, fqdn, version, patch, roles, services, status). */
export interface NodeInfo {
  hostname: string;
  fqdn: string;
  ipAddress: string;
  /** OpenAPI role names: PrimaryAdmin, SecondaryMonitoring, ... (ise-rest-api.md §1a). */
  roles: string[];
  /** OpenAPI service names: Session, Profiler, pxGrid, ... */
  services: string[];
  /** Connected, Disconnected, NotInSync, ... or `Unknown` when this release does not tell. */
  status: string;
  version: string;
  /** Running patch, 0 when none. */
  patch: number;
  /** Where `patch` came from: the node itself, or the cluster-wide iseversion (2.x has no per-node API). */
  patchSource: 'node' | 'cluster';
}

export type Persona = 'PAN' | 'MnT' | 'PSN' | 'pxGrid';

/** Personas from OpenAPI roles/services (ise-rest-api.md §1a, marked INFERENCE there). */
export function personas(node: Pick<NodeInfo, 'roles' | 'services'>): Persona[] {
  const out: Persona[] = [];
  if (node.roles.some((r) => r.endsWith('Admin') || r === 'Standalone')) out.push('PAN');
  if (node.roles.some((r) => r.endsWith('Monitoring') || r === 'Standalone')) out.push('MnT');
  if (node.services.includes('Session')) out.push('PSN');
  if (node.services.includes('pxGrid')) out.push('pxGrid');
  return out;
}

/** The node list; `known` is the release when the caller already learned it (e.g. from `show version`). */
export async function readNodes(
  access: IseAccess,
  signal?: AbortSignal,
  known?: IseRelease,
): Promise<NodeInfo[]> {
  const release = known ?? (await access.release(signal));
  return hasOpenApi(release.release)
    ? readNodesOpenApi(access, release, signal)
    : readNodesErs(access, release, signal);
}

interface DeploymentNode {
  hostname: string;
  fqdn: string;
  ipAddress: string;
  roles?: string[];
  services: string[];
  nodeStatus?: string;
}

interface PatchResult {
  iseVersion?: string;
  patchVersion?: Array<{ patchNumber: number }>;
}

/** 3.1+: the deployment API, then `/api/v1/patch` on each node, which reports only itself (INFERENCE, §1e). */
async function readNodesOpenApi(
  access: IseAccess,
  release: IseRelease,
  signal?: AbortSignal,
): Promise<NodeInfo[]> {
  const opts = { family: 'openapi' as const, ...(signal === undefined ? {} : { signal }) };
  const list = await access.rest.getJson<{ response: DeploymentNode[] }>(
    access.endpoint('openapi'),
    '/api/v1/deployment/node',
    opts,
  );
  return Promise.all(
    list.response.map(async (n) => {
      const patch = await access.rest.getJson<PatchResult>(
        access.endpoint('openapi', n.fqdn),
        '/api/v1/patch',
        opts,
      );
      return {
        hostname: n.hostname,
        fqdn: n.fqdn,
        ipAddress: n.ipAddress,
        roles: n.roles ?? [],
        services: n.services,
        status: n.nodeStatus ?? 'Unknown',
        version: patch.iseVersion ?? release.version,
        patch: Math.max(0, ...(patch.patchVersion ?? []).map((p) => p.patchNumber)),
        patchSource: 'node' as const,
      };
    }),
  );
}

interface ErsNode {
  Node: {
    name: string;
    fqdn?: string;
    ipAddress?: string;
    nodeServiceTypes?: string;
    papNode?: boolean;
    primaryPapNode?: boolean;
    pxGridNode?: boolean;
    inDeployment?: boolean;
  };
}

/**
 * Before 3.1: ERS node resources (paged), plus deploymentinfo (2.7+) for per-node version and status.
 * ERS has no per-node patch: the cluster's iseversion patch is shown and marked as such; `show version`
 * over SSH gives the per-node truth for the version-parity check.
 */
async function readNodesErs(
  access: IseAccess,
  release: IseRelease,
  signal?: AbortSignal,
): Promise<NodeInfo[]> {
  const opts = { family: 'ers' as const, ...(signal === undefined ? {} : { signal }) };
  const pan = access.endpoint('ers');
  const [resources, info] = await Promise.all([
    ersListAll(access.rest, pan, '/ers/config/node', signal === undefined ? {} : { signal }),
    access.rest
      .getJson<DeploymentInfo>(pan, '/ers/config/deploymentinfo/getAllInfo', opts)
      .catch(() => undefined),
  ]);
  const perNode = info ? deploymentInfoNodes(info) : [];
  return Promise.all(
    resources.map(async (r) => {
      const { Node: n } = await access.rest.getJson<ErsNode>(
        pan,
        `/ers/config/node/${encodeURIComponent(r.id)}`,
        opts,
      );
      const facts = perNode.find((c) => contentValue(c, 'Name') === n.name);
      const nodeTypes = String(contentValue(facts ?? [], 'NodeTypes') ?? '').split(',');
      const services = String(contentValue(facts ?? [], 'NodeServiceType') ?? n.nodeServiceTypes ?? '');
      return {
        hostname: n.name,
        fqdn: n.fqdn ?? n.name,
        ipAddress: n.ipAddress ?? '',
        roles: rolesFromErs(n, nodeTypes),
        services: servicesFromErs(services, n.pxGridNode === true || nodeTypes.includes('PXG')),
        status: statusFromDeploymentInfo(contentValue(facts ?? [], 'Status')),
        version: String(contentValue(facts ?? [], 'Version') ?? release.version),
        patch: release.patch,
        patchSource: 'cluster' as const,
      };
    }),
  );
}

function rolesFromErs(n: ErsNode['Node'], nodeTypes: string[]): string[] {
  const roles: string[] = [];
  if (n.primaryPapNode) roles.push('PrimaryAdmin');
  else if (n.papNode || nodeTypes.includes('PAP')) roles.push('SecondaryAdmin');
  // deploymentinfo says MNT without primary/secondary; the ERS node resource does not say either.
  if (nodeTypes.includes('MNT')) roles.push(n.primaryPapNode ? 'PrimaryMonitoring' : 'SecondaryMonitoring');
  return roles;
}

function servicesFromErs(serviceTypes: string, pxGrid: boolean): string[] {
  const map: Record<string, string> = {
    SESSION: 'Session',
    PROFILER: 'Profiler',
    'DEVICE ADMIN': 'DeviceAdmin',
    DEVICEADMIN: 'DeviceAdmin',
    SXP: 'SXP',
    'PASSIVE IDENTITY': 'PassiveIdentity',
    'TC-NAC': 'TC-NAC',
  };
  const services = serviceTypes
    .split(',')
    .map((s) => map[s.trim().toUpperCase()])
    .filter((s): s is string => s !== undefined);
  if (pxGrid && !services.includes('pxGrid')) services.push('pxGrid');
  return services;
}

/** deploymentinfo `Status` values (STANDALONE, CONNECTED, ...) mapped onto the OpenAPI enum. */
function statusFromDeploymentInfo(value: unknown): string {
  const s = String(value ?? '').toUpperCase();
  const map: Record<string, string> = {
    STANDALONE: 'Connected',
    CONNECTED: 'Connected',
    DISCONNECTED: 'Disconnected',
    NOTINSYNC: 'NotInSync',
    'NOT IN SYNC': 'NotInSync',
    INPROGRESS: 'InProgress',
    REPLICATIONSTOPPED: 'ReplicationStopped',
    REGISTRATIONFAILED: 'RegistrationFailed',
  };
  return map[s] ?? (s ? s : 'Unknown');
}
