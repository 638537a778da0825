import { isUserError } from '../errors.js';
import { hostnameOf, type IseAccess } from './access.js';
import { apiAvailable } from './api-gates.js';
import { IseAuthError, IseHttpError } from './errors.js';
import { describeError } from './readers/sourced.js';
import type { IseRelease } from './release.js';
import {
  contentValue,
  type DeploymentInfo,
  deploymentInfoIdentities,
  deploymentInfoNodes,
  type JaxbElement,
} from './rest/deployment-info.js';
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
  /** The node's own version where `patchSource` is `node`/`cli`; else the deployment's. */
  version: string;
  /** Running patch, 0 when none; `undefined` when nothing told it for this node. */
  patch: number | undefined;
  /**
   * Where `version`/`patch` came from: the node's own REST answer, its `show version`, the
   * deployment-wide iseversion (2.x has no per-node API), or nowhere (`unknown`).
   */
  patchSource: 'node' | 'cli' | 'cluster' | 'unknown';
  /** Why the node's own patch could not be asked over REST (per-node calls are optional extras). */
  patchError?: string;
  /**
   * Personas this release does not tell for the node, so `roles`/`services` say nothing either way of
   * them: ERS has no MnT flag, and before 2.7 there is no deploymentinfo to give NodeTypes.
   */
  unknownPersonas?: Persona[];
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

/** Whether the node list tells if this node runs `persona` (absent or present); if not, a person must say. */
export function personaKnown(node: Pick<NodeInfo, 'unknownPersonas'>, persona: Persona): boolean {
  return !(node.unknownPersonas ?? []).includes(persona);
}

/** The node in the PrimaryAdmin role (or a standalone node), if the list names one. */
export function primaryAdmin(nodes: readonly NodeInfo[]): NodeInfo | undefined {
  return (
    nodes.find((n) => n.roles.includes('PrimaryAdmin')) ?? nodes.find((n) => n.roles.includes('Standalone'))
  );
}

/** The node list; `known` is the release when the caller already learned it (e.g. from `show version`). */
export async function readNodes(
  access: IseAccess,
  signal?: AbortSignal,
  known?: IseRelease,
): Promise<NodeInfo[]> {
  const release = known ?? (await access.release(signal));
  // 3.1 P0 has no deployment API (it arrives in 3.1 patch 1): ERS + deploymentinfo as before 3.1.
  if (!apiAvailable('deployment', release)) return readNodesErs(access, release, signal);
  try {
    return await readNodesOpenApi(access, release, signal);
  } catch (error) {
    // Open API off where `pan` points (e.g. a secondary PAN after a failover, "All Other Nodes" off):
    // ERS may still answer there. Its error is not the one to show: the Open API one is.
    if (!(error instanceof IseHttpError) || error instanceof IseAuthError || signal?.aborted) throw error;
    return readNodesErs(access, release, signal).catch(() => {
      throw error;
    });
  }
}

interface DeploymentNode {
  hostname: string;
  fqdn: string;
  ipAddress: string;
  roles?: string[];
  services?: string[];
  nodeStatus?: string;
}

interface PatchResult {
  iseVersion?: unknown;
  patchVersion?: unknown;
}

/**
 * 3.1 P1+: the node list from the PAN's deployment API, then `/api/v1/patch` on each node, which
 * reports only itself (INFERENCE, §1e). That per-node call is an extra: Open API is often off on the
 * other nodes ("All Other Nodes" in API Settings) and they often keep a self-signed certificate, so a
 * node whose call fails stays in the list with its patch unknown and the reason kept.
 */
async function readNodesOpenApi(
  access: IseAccess,
  release: IseRelease,
  signal?: AbortSignal,
): Promise<NodeInfo[]> {
  const opts = { family: 'openapi' as const, ...(signal === undefined ? {} : { signal }) };
  const list = await access.rest.getJson<{ response?: DeploymentNode[] }>(
    access.endpoint('openapi'),
    '/api/v1/deployment/node',
    opts,
  );
  if (!Array.isArray(list.response))
    throw new IseHttpError(200, 'GET', '/api/v1/deployment/node', 'no node list in the answer');
  return Promise.all(
    list.response.map(async (n): Promise<NodeInfo> => {
      const base = {
        hostname: n.hostname,
        fqdn: n.fqdn,
        ipAddress: n.ipAddress,
        roles: n.roles ?? [],
        services: n.services ?? [],
        status: n.nodeStatus ?? 'Unknown',
      };
      try {
        const patch = await access.rest.getJson<PatchResult | null>(
          access.endpoint('openapi', n.fqdn, release.release),
          '/api/v1/patch',
          opts,
        );
        // Whatever came back, an answer it cannot read costs this node's patch only, never the list.
        const installed = Array.isArray(patch?.patchVersion) ? patch.patchVersion : [];
        const numbers = installed.map((p: { patchNumber?: unknown } | null) => p?.patchNumber);
        const version = patch?.iseVersion;
        if (typeof version !== 'string' || !numbers.every((p): p is number => typeof p === 'number'))
          throw new IseHttpError(200, 'GET', '/api/v1/patch', 'no iseVersion/patchVersion in the answer');
        return {
          ...base,
          version,
          patch: Math.max(0, ...numbers),
          patchSource: 'node',
        };
      } catch (error) {
        if (signal?.aborted || !isUserError(error)) throw error;
        return {
          ...base,
          version: release.version,
          patch: undefined,
          patchSource: 'unknown',
          patchError: describeError(error),
        };
      }
    }),
  );
}

export interface ErsNode {
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
  const pan = access.endpoint('ers', undefined, release.release);
  const [resources, info] = await Promise.all([
    ersListAll(access.rest, pan, '/ers/config/node', signal === undefined ? {} : { signal }),
    access.rest
      .getJson<DeploymentInfo>(pan, '/ers/config/deploymentinfo/getAllInfo', opts)
      .catch(() => undefined),
  ]);
  const perNode = info ? deploymentInfoNodes(info) : [];
  const details = await Promise.all(
    resources.map(
      async (r) =>
        (await access.rest.getJson<ErsNode>(pan, `/ers/config/node/${encodeURIComponent(r.id)}`, opts)).Node,
    ),
  );
  const facts = matchDeploymentInfo(details, perNode);
  return details.map((n, i) => {
    const own = facts[i] ?? {};
    const nodeTypes = (own.nodeTypes ?? '').split(',');
    const services = own.services ?? n.nodeServiceTypes ?? '';
    return {
      hostname: n.name,
      fqdn: n.fqdn ?? n.name,
      ipAddress: n.ipAddress ?? '',
      roles: rolesFromErs(n, nodeTypes),
      services: servicesFromErs(services, n.pxGridNode === true || nodeTypes.includes('PXG')),
      status: statusFromDeploymentInfo(own.status),
      version: own.version ?? release.version,
      patch: release.patch,
      patchSource: release.patch === undefined ? ('unknown' as const) : ('cluster' as const),
      // Without deploymentinfo's NodeTypes for this node (2.6 has none; an entry not matched to it),
      // nothing says whether it runs MnT: ERS node resources carry no monitoring flag.
      ...(own.nodeTypes === undefined ? { unknownPersonas: ['MnT' as const] } : {}),
    };
  });
}

/** What deploymentinfo tells of one node, once it is known which node an entry describes. */
interface NodeFacts {
  nodeTypes?: string;
  services?: string;
  status?: string;
  version?: string;
}

/**
 * Pairs ERS nodes with deploymentinfo entries. `Name` is in the 3.1 ERS schema but not in Cisco's
 * 2.7-era example, so any identity element present is used (Name, and, INFERENCE, Hostname / FQDN /
 * IpAddress spellings); a single node on each side pairs by itself. An entry that names no node is
 * used only where every entry consistent with what ERS says of the node (PAP, pxGrid, services)
 * agrees on the fact: then the MnT persona or status cannot be another node's.
 */
export function matchDeploymentInfo(
  nodes: readonly ErsNode['Node'][],
  entries: JaxbElement[][],
): NodeFacts[] {
  const factsOf = (c: JaxbElement[]): NodeFacts => {
    const str = (name: string) => {
      const v = contentValue(c, name);
      return v === undefined || v === null ? undefined : String(v);
    };
    const out: NodeFacts = {};
    const types = str('NodeTypes');
    const services = str('NodeServiceType');
    const status = str('Status');
    const version = str('Version');
    if (types !== undefined) out.nodeTypes = types;
    if (services !== undefined) out.services = services;
    if (status !== undefined) out.status = status;
    if (version !== undefined) out.version = version;
    return out;
  };
  const identities = entries.map(deploymentInfoIdentities);
  const named = nodes.map((n) => {
    const names = [n.name, n.fqdn, n.ipAddress].filter((x): x is string => !!x).map((x) => x.toLowerCase());
    const index = identities.findIndex((ids) =>
      ids.some((id) => names.includes(id) || names.includes(hostnameOf(id))),
    );
    return index;
  });
  if (nodes.length === 1 && entries.length === 1 && named[0] === -1) named[0] = 0;
  const claimed = new Set(named.filter((i) => i >= 0));
  const anonymous = entries
    .map((_, i) => i)
    .filter((i) => !claimed.has(i) && (identities[i] ?? []).length === 0);
  return nodes.map((n, k) => {
    const index = named[k] ?? -1;
    const entry = entries[index];
    if (entry) return factsOf(entry);
    const candidates = anonymous.map((i) => factsOf(entries[i] ?? [])).filter((f) => consistent(n, f));
    if (candidates.length === 0) return {};
    const agreed = (key: keyof NodeFacts) => {
      const values = new Set(candidates.map((c) => c[key]));
      const [only] = values;
      return values.size === 1 ? only : undefined;
    };
    const out: NodeFacts = {};
    for (const key of ['nodeTypes', 'services', 'status', 'version'] as const) {
      const v = agreed(key);
      if (v !== undefined) out[key] = v;
    }
    return out;
  });
}

function consistent(n: ErsNode['Node'], f: NodeFacts): boolean {
  const types = (f.nodeTypes ?? '').split(',').map((t) => t.trim());
  if ((n.papNode === true) !== types.includes('PAP')) return false;
  if (n.pxGridNode !== undefined && n.pxGridNode !== types.includes('PXG')) return false;
  const set = (s: string | undefined) =>
    (s ?? '')
      .split(',')
      .map((x) => x.trim().toUpperCase())
      .filter(Boolean)
      .sort()
      .join(',');
  return (
    n.nodeServiceTypes === undefined ||
    f.services === undefined ||
    set(n.nodeServiceTypes) === set(f.services)
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
