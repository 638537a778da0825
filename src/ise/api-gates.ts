import { compareRelease } from './release.js';
import type { ApiFamily } from './rest/endpoint.js';

/**
 * THE table of which ISE release and patch first serves each API the bot uses. The bot picks its
 * sources from it and the lab serves (or 404s) from it, so both agree with Cisco's versioning matrix
 * rather than with each other. Sources: ise-rest-api.md §0 and its summary table (Cisco's
 * api-versioning page for Deployment/License 3.1 patch 1, Backup/Certificate 3.1, deploymentinfo 2.7);
 * rows marked `inferred` are not in Cisco's matrix and follow the ciscoisesdk API sets.
 */
export type ApiName =
  | 'ers'
  | 'ers-on-443'
  | 'deploymentinfo'
  | 'mnt'
  | 'policy'
  | 'deployment'
  | 'pan-ha'
  | 'patch'
  | 'profile'
  | 'license'
  | 'certificates'
  | 'backup-restore'
  | 'repository'
  | 'task';

export interface ApiGate {
  api: ApiName;
  family: ApiFamily;
  /** Path prefixes this gate covers (the lab 404s them before `from`). Empty: a whole family/port. */
  paths: readonly string[];
  from: { release: string; patch: number };
  /** Not stated by Cisco's matrix: our reading of the SDK API sets (ise-rest-api.md §0 INFERENCE). */
  inferred: boolean;
}

const gate = (
  api: ApiName,
  family: ApiFamily,
  paths: readonly string[],
  release: string,
  patch: number,
  inferred = false,
): ApiGate => ({ api, family, paths, from: { release, patch }, inferred });

/** Most specific paths first: `gateForPath` takes the first prefix that matches. */
export const API_GATES: readonly ApiGate[] = [
  // The `iseversion` row of Cisco's matrix is blank; ERS node resources exist since 1.x.
  gate('ers', 'ers', [], '2.0', 0, true),
  gate('ers-on-443', 'ers', [], '3.1', 0),
  gate('deploymentinfo', 'ers', ['/ers/config/deploymentinfo/'], '2.7', 0),
  gate('mnt', 'mnt', [], '2.0', 0, true),
  // ciscoisesdk's early "3.0.0" set carried the policy OpenAPI.
  gate('policy', 'openapi', ['/api/v1/policy/'], '3.0', 0, true),
  // PAN-HA sits under /deployment but the summary table lists it from 3.1.
  gate('pan-ha', 'openapi', ['/api/v1/deployment/pan-ha'], '3.1', 0, true),
  gate('deployment', 'openapi', ['/api/v1/deployment/'], '3.1', 1),
  gate('patch', 'openapi', ['/api/v1/patch'], '3.1', 1),
  gate('profile', 'openapi', ['/api/v1/profile/'], '3.1', 1),
  gate('license', 'openapi', ['/api/v1/license/'], '3.1', 1),
  gate('certificates', 'openapi', ['/api/v1/certs/'], '3.1', 0),
  gate('backup-restore', 'openapi', ['/api/v1/backup-restore/'], '3.1', 0),
  gate('repository', 'openapi', ['/api/v1/repository'], '3.1', 0, true),
  gate('task', 'openapi', ['/api/v1/task'], '3.1', 0, true),
];

export interface ReleaseLevel {
  release: string;
  /** `undefined` when the patch could not be learned: only patch-0 gates are then assumed open. */
  patch: number | undefined;
}

export function apiGate(api: ApiName): ApiGate {
  const found = API_GATES.find((g) => g.api === api);
  if (!found) throw new Error(`no API gate ${api}`);
  return found;
}

/**
 * True when `level` serves `api`. An unknown patch counts as patch 0: a patch-gated API is then
 * not assumed, and the reader falls back to the source every patch has.
 */
export function apiAvailable(api: ApiName, level: ReleaseLevel): boolean {
  const { from } = apiGate(api);
  const cmp = compareRelease(level.release, from.release);
  return cmp > 0 || (cmp === 0 && (level.patch ?? 0) >= from.patch);
}

/** "3.1 patch 1", "3.0": where an API starts, for messages. */
export function apiSince(api: ApiName): string {
  const { from } = apiGate(api);
  return from.patch > 0 ? `${from.release} patch ${from.patch}` : from.release;
}

/** The gate covering a request path of `family` (the most specific prefix), if any. */
export function gateForPath(family: ApiFamily, path: string): ApiGate | undefined {
  return API_GATES.find((g) => g.family === family && g.paths.some((p) => path.startsWith(p)));
}
