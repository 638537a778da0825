import { type ApiName, apiAvailable, apiSince } from '../api-gates.js';
import { readAdJoinPoints } from '../readers/active-directory.js';
import { readLastBackups } from '../readers/backups.js';
import { readCertificates } from '../readers/certificates.js';
import { readConditions } from '../readers/conditions.js';
import type { ReadContext } from '../readers/context.js';
import { readLicensingDeploymentInfo, readLicensingOpenApi } from '../readers/licensing.js';
import { readMdm } from '../readers/mdm.js';
import { readNodeGroups } from '../readers/node-groups.js';
import { readPanFailover } from '../readers/pan-ha.js';
import { readPlatforms, readVmDisks } from '../readers/platforms.js';
import { readAuthorizationRules, readPolicySets } from '../readers/policy.js';
import { readProfilerDeploymentInfo, readProfilerOpenApi } from '../readers/profiler.js';
import { readRepositoriesOpenApi } from '../readers/repositories.js';
import { type PartialRead, sourced, sourcedPartial, unavailable } from '../readers/sourced.js';
import { readSponsorGroups } from '../readers/sponsor-groups.js';
import type { Need, Snapshot, Sourced } from './types.js';

/** The REST-read parts of a snapshot (the node list and the CLI facts are collected separately). */
export type RestPart = Exclude<Need, 'nodes' | `cli:${string}`>;

type PartValue<K extends RestPart> = NonNullable<Snapshot[K]> extends Sourced<infer T> ? T : never;

/** What to tell the admin when a release has no API for a part (CHECKS.md: manual, never a guess). */
function none<T>(ctx: ReadContext, what: string, from: string, look: string): Sourced<T> {
  return unavailable(`ISE ${ctx.release.release} has no API for ${what} (it arrives in ${from}); ${look}`);
}

/**
 * Reads one part from the source its release offers (CHECKS.md "Where each fact comes from",
 * ise-rest-api.md §0 and §11). `repositories` before 3.1 come from the PAN's running-config over SSH and
 * are filled in by the collector.
 */
export function readRestPart<K extends RestPart>(ctx: ReadContext, part: K): Promise<Sourced<PartValue<K>>> {
  const read = <T>(source: string, fn: () => Promise<T>) => sourced(source, ctx.signal, fn);
  // Which API this release and patch serve, from the one gate table (issue 14 item 5).
  const has = (api: ApiName) => apiAvailable(api, ctx.release);
  const partial = <T>(source: string, fn: () => Promise<PartialRead<T>>) =>
    sourcedPartial(source, ctx.signal, fn);
  const reads: { [P in RestPart]: () => Promise<Sourced<PartValue<P>>> | Sourced<PartValue<P>> } = {
    certificates: () =>
      has('certificates')
        ? read('OpenAPI /api/v1/certs (system per node, trusted store)', () => readCertificates(ctx))
        : none(
            ctx,
            'certificates',
            '3.1',
            'check Administration > System > Certificates on the PAN by hand.',
          ),
    conditions: () =>
      has('policy')
        ? partial('OpenAPI /api/v1/policy/*/condition', () => readConditions(ctx))
        : none(
            ctx,
            'policy conditions',
            '3.0',
            'check Policy > Policy Elements > Conditions > Library Conditions.',
          ),
    policySets: () =>
      has('policy')
        ? partial('OpenAPI /api/v1/policy/*/policy-set', () => readPolicySets(ctx))
        : none(ctx, 'policy sets', '3.0', 'check Policy > Policy Sets.'),
    authorizationRules: () =>
      has('policy')
        ? partial('OpenAPI /api/v1/policy/*/policy-set/{id}/authorization', () => readAuthorizationRules(ctx))
        : none(ctx, 'authorization rules', '3.0', 'check Policy > Policy Sets > Authorization Policy.'),
    sponsorGroups: () => read('ERS /ers/config/sponsorgroup', () => readSponsorGroups(ctx)),
    adJoinPoints: () => read('ERS /ers/config/activedirectory', () => readAdJoinPoints(ctx)),
    mdm: () =>
      has('deploymentinfo')
        ? read('ERS deploymentinfo mdmInfo', () => readMdm(ctx))
        : none(ctx, 'MDM servers', '2.7', 'check Administration > Network Resources > External MDM.'),
    panFailover: () =>
      has('pan-ha')
        ? read('OpenAPI /api/v1/deployment/pan-ha', () => readPanFailover(ctx))
        : none(ctx, 'PAN failover', '3.1', 'check Administration > System > Deployment > PAN Failover.'),
    lastBackups: () =>
      has('backup-restore')
        ? read('OpenAPI /api/v1/backup-restore/config/last-backup-status', () => readLastBackups(ctx))
        : none(ctx, 'backup status', '3.1', 'the CLI `show backup history` is read instead.'),
    repositories: () =>
      read('OpenAPI /api/v1/repository', () => readRepositoriesOpenApi(ctx)) as Promise<
        Sourced<PartValue<'repositories'>>
      >,
    licensing: () =>
      has('license')
        ? read('OpenAPI /api/v1/license/system/connection-type', () => readLicensingOpenApi(ctx))
        : has('deploymentinfo')
          ? read('ERS deploymentinfo licensesInfo', () => readLicensingDeploymentInfo(ctx))
          : none(ctx, 'licensing', '2.7', 'check Administration > System > Licensing.'),
    profiler: () =>
      has('profile')
        ? read('OpenAPI /api/v1/profile/{hostname}', () => readProfilerOpenApi(ctx))
        : has('deploymentinfo')
          ? read('ERS deploymentinfo ProfilerProbes', () => readProfilerDeploymentInfo(ctx))
          : none(
              ctx,
              'profiler probes',
              '2.7',
              'record Administration > System > Deployment > (PSN) > Profiling Configuration.',
            ),
    platforms: () =>
      has('deploymentinfo')
        ? read('ERS deploymentinfo PID', () => readPlatforms(ctx))
        : none(ctx, 'the node platform', '2.7', 'check each node in the hypervisor or with `show udi`.'),
    vmDisks: () =>
      has('deploymentinfo')
        ? read('ERS deploymentinfo VMDiskSpace', () => readVmDisks(ctx))
        : none(ctx, 'the VM disk size', '2.7', '`show disks` is read instead.'),
    nodeGroups: () =>
      has('deployment')
        ? read('OpenAPI /api/v1/deployment/node-group', () => readNodeGroups(ctx))
        : none(
            ctx,
            'node groups',
            apiSince('deployment'),
            'check Administration > System > Deployment > Node Groups.',
          ),
    ports: () =>
      unavailable(
        'the bot does not probe node-to-node ports: it does not sit on the path between the nodes.',
      ),
  };
  return Promise.resolve(reads[part]() as Sourced<PartValue<K>>);
}
