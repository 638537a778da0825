import type { Logger } from '../../log.js';
import { Semaphore } from '../../util/semaphore.js';
import { type Clock, systemClock } from '../../util/time.js';
import type { IseAccess } from '../access.js';
import { apiAvailable } from '../api-gates.js';
import { parseShowVersion } from '../cli/parsers/index.js';
import { type NodeInfo, primaryAdmin, readNodes } from '../nodes.js';
import { nodeZones, rereadWithZones } from '../readers/certificate-dates.js';
import { type CliPart, readNodeCli } from '../readers/cli.js';
import { ReadContext } from '../readers/context.js';
import { repositoriesFromRunningConfig } from '../readers/repositories.js';
import { sourced } from '../readers/sourced.js';
import { hasOpenApi, type IseRelease, toRelease } from '../release.js';
import { CliPool } from '../ssh/pool.js';
import { type RestPart, readRestPart } from './sources.js';
import type { Need, NodeCli, Snapshot, Sourced } from './types.js';

export interface CollectOptions {
  signal?: AbortSignal;
  /**
   * The CLI sessions: a pool the caller owns (and closes), or a factory for one. By default the
   * collection makes its own pool and logs every session out (`exit`) at the end.
   */
  cli?: CliPool | ((maxSessions: number) => CliPool);
  log?: Logger;
  clock?: Clock;
  /** CLI command timeouts per part, over the defaults (`services` 90 s, others 30-60 s). */
  commandTimeoutsMs?: Partial<Record<CliPart, number>>;
  /** Told when a login waits for a free CLI session on its node, so the people waiting see why. */
  progress?: (text: string) => void;
}

const REST_PARTS: RestPart[] = [
  'nodeGroups',
  'platforms',
  'vmDisks',
  'certificates',
  'conditions',
  'policySets',
  'authorizationRules',
  'sponsorGroups',
  'mdm',
  'panFailover',
  'lastBackups',
  'repositories',
  'licensing',
  'adJoinPoints',
  'profiler',
  'ports',
];

/** Parts that address nodes by name, so the node list is read for them even when not asked for. */
const NEED_NODE_LIST = new Set<Need>(['nodes', 'certificates', 'profiler']);

/**
 * Reads what `needs` asks for from one deployment: the release first, then each part from the source
 * that release offers, nodes in parallel (REST bounded per host by the client, SSH by `ssh.concurrency`),
 * one SSH login per node. Every failure is recorded in its part; only an abort escapes.
 */
export async function collectSnapshot(
  access: IseAccess,
  needs: ReadonlySet<Need>,
  options: CollectOptions = {},
): Promise<Snapshot> {
  const { signal, log } = options;
  const takenAt = (options.clock ?? systemClock)();
  const maxSessions = access.config.ssh?.concurrency ?? 8;
  const pool =
    options.cli instanceof CliPool
      ? options.cli
      : (options.cli ?? ((n) => newPool(n, log, options.progress)))(maxSessions);
  try {
    const snapshot = await collect(
      access,
      needs,
      pool,
      maxSessions,
      signal,
      takenAt,
      options.commandTimeoutsMs,
      options.progress,
    );
    log?.debug({ deployment: access.name, parts: summary(snapshot) }, 'snapshot collected');
    return snapshot;
  } finally {
    if (!(options.cli instanceof CliPool)) await pool.closeAll();
  }
}

/**
 * A pool that says when a login waits: for the bot's own sessions on the node (`ssh.maxSessionsPerNode`,
 * a backup running there) or for the node's CLI session limit.
 */
const newPool = (
  maxSessions: number,
  log: Logger | undefined,
  progress: ((text: string) => void) | undefined,
) =>
  new CliPool({
    maxSessions,
    onEvent: (event) => {
      if (event.type !== 'queued') return;
      log?.info({ node: event.hostname, refusal: event.reason }, 'CLI session limit reached: waiting');
      progress?.(`waiting for a free CLI session on ${event.hostname}: ${event.reason}…`);
    },
  });

async function collect(
  access: IseAccess,
  needs: ReadonlySet<Need>,
  pool: CliPool,
  maxSessions: number,
  signal: AbortSignal | undefined,
  takenAt: Date,
  timeoutsMs: CollectOptions['commandTimeoutsMs'],
  progress: CollectOptions['progress'],
): Promise<Snapshot> {
  const cliParts = new Set([...needs].filter((n) => n.startsWith('cli:')).map((n) => n.slice(4) as CliPart));
  const release = await learnRelease(access, pool, signal);
  if (release.state !== 'ok') return withoutRelease(access, needs, cliParts, release, takenAt);
  const v = release.value;
  const legacy = !hasOpenApi(v.release);
  // 2.x has no per-node patch API: `show version` on each node tells it (CHECKS.md version-parity).
  if (legacy && needs.has('nodes') && access.hasSsh) cliParts.add('version');
  // Certificate dates name their zone by an abbreviation only the node's clock zone settles (IST, CST).
  if (!legacy && needs.has('certificates') && access.hasSsh) cliParts.add('timezone');
  // 3.1+: a node whose own REST patch call failed gets `show version` instead (issue 14 item 1).
  const versionForUnasked = needs.has('nodes') && access.hasSsh;
  let nodesRead: Promise<NodeInfo[]> | undefined;
  const nodeList = () => {
    nodesRead ??= readNodes(access, signal, v);
    return nodesRead;
  };
  const ctx = new ReadContext(access, v, signal, nodeList);
  const wantNodes = cliParts.size > 0 || [...needs].some((n) => NEED_NODE_LIST.has(n));
  const nodesPart: Promise<Sourced<NodeInfo[]>> = wantNodes
    ? sourced(
        apiAvailable('deployment', v)
          ? 'OpenAPI /api/v1/deployment/node + /api/v1/patch per node (ERS when Open API does not answer)'
          : 'ERS /ers/config/node + deploymentinfo',
        signal,
        nodeList,
      )
    : Promise.resolve({ state: 'unavailable', reason: 'not read: no selected check needs the node list' });
  const legacyRepositories = legacy && needs.has('repositories');
  const restParts = REST_PARTS.filter((p) => needs.has(p) && !(legacyRepositories && p === 'repositories'));
  const restRead = Promise.all(restParts.map(async (p) => [p, await readRestPart(ctx, p)] as const));
  const nodes = await nodesPart;
  const cli = await readCli(access, pool, {
    maxSessions,
    nodes,
    parts: cliParts,
    versionForUnasked,
    legacyRepositories,
    restRead,
    signal,
    timeoutsMs,
    progress,
  });
  const snapshot: Snapshot = {
    deployment: access.name,
    takenAt,
    release,
    nodes: mergeCliVersions(nodes, cli),
    cli,
  };
  for (const [part, value] of await restRead) (snapshot as unknown as Record<string, unknown>)[part] = value;
  if (snapshot.certificates)
    snapshot.certificates = rereadWithZones(snapshot.certificates, nodeZones(cli), access.panHostname);
  if (legacyRepositories) snapshot.repositories = repositoriesFromPan(access, cli);
  return snapshot;
}

/**
 * iseversion, else MnT Version (IseAccess), else `show version` on the PAN (CHECKS.md). MnT's Version
 * tells no patch: `show version` then fills it in where SSH is, else it stays unknown (never 0).
 */
async function learnRelease(
  access: IseAccess,
  pool: CliPool,
  signal: AbortSignal | undefined,
): Promise<Sourced<IseRelease>> {
  const rest = await sourced('ERS iseversion / MnT Version', signal, () => access.release(signal));
  if ((rest.state === 'ok' && rest.value.patch !== undefined) || !access.hasSsh) return rest;
  const cli = await sourced(`CLI \`show version\` on ${access.panHostname}`, signal, async () => {
    const target = await access.sshTarget(access.config.pan);
    const text = await pool.run(target, 'show version', { timeoutMs: 30_000, ...(signal ? { signal } : {}) });
    const parsed = parseShowVersion(text);
    if (!parsed.version) throw new Error('`show version` did not show the ISE version');
    return toRelease(parsed.version, parsed.patch);
  });
  if (cli.state !== 'ok') return rest;
  return rest.state === 'ok' ? { ...cli, source: `${rest.source} + ${cli.source} for the patch` } : cli;
}

function withoutRelease(
  access: IseAccess,
  needs: ReadonlySet<Need>,
  cliParts: ReadonlySet<CliPart>,
  release: Sourced<IseRelease>,
  takenAt: Date,
): Snapshot {
  const cause = release.state === 'error' ? release.error : 'unknown';
  const failed = <T>(): Sourced<T> => ({
    state: 'error',
    error: `The ISE release could not be learned, so no source could be chosen: ${cause}`,
    source: release.state === 'error' ? release.source : 'release detection',
  });
  const cli: Record<string, NodeCli> = {};
  if (cliParts.size > 0)
    cli[access.panHostname] = Object.fromEntries(
      [...cliParts].map((p) => [p, p === 'repositoryFiles' ? {} : failed()]),
    );
  const snapshot: Snapshot = { deployment: access.name, takenAt, release, nodes: failed(), cli };
  for (const part of REST_PARTS)
    if (needs.has(part)) (snapshot as unknown as Record<string, unknown>)[part] = failed();
  return snapshot;
}

interface CliPlan {
  maxSessions: number;
  nodes: Sourced<NodeInfo[]>;
  parts: Set<CliPart>;
  /** `show version` on every node whose own version/patch the node list could not tell. */
  versionForUnasked: boolean;
  /** 2.x: the PAN's running-config is read for the repositories part. */
  legacyRepositories: boolean;
  restRead: Promise<ReadonlyArray<readonly [RestPart, Sourced<unknown>]>>;
  signal: AbortSignal | undefined;
  timeoutsMs: CollectOptions['commandTimeoutsMs'];
  /** Told "N of M nodes read" as each node's CLI reads end (the adapters throttle it). */
  progress: CollectOptions['progress'];
}

async function readCli(access: IseAccess, pool: CliPool, plan: CliPlan): Promise<Record<string, NodeCli>> {
  const { maxSessions, nodes, parts, legacyRepositories, restRead, signal, timeoutsMs } = plan;
  // Without the node list only the PAN can be addressed; its running-config holds the 2.x repositories.
  const targets =
    nodes.state === 'ok'
      ? nodes.value.map((n) => ({
          hostname: n.hostname,
          fqdn: n.fqdn,
          unasked: n.patchSource === 'unknown' || n.patchSource === 'cluster',
        }))
      : [{ hostname: access.panHostname, fqdn: access.config.pan, unasked: false }];
  // PAN-only reads go to the current primary PAN (issue 14 item 2), which need not be `pan`.
  const pan =
    nodes.state === 'ok' ? (primaryAdmin(nodes.value)?.hostname ?? access.panHostname) : access.panHostname;
  const anyUnasked = plan.versionForUnasked && targets.some((t) => t.unasked);
  if (parts.size === 0 && !legacyRepositories && !anyUnasked) return {};
  // Repository names for `show repository` when a node's own running-config cannot be read (3.1+ API).
  // Asked for only then: awaiting every REST part up front would hold each SSH login back by the
  // PAN's whole REST read (seconds on a large deployment), which the sessions need not wait for.
  let names: Promise<string[] | undefined> | undefined;
  const repositoryNames = parts.has('repositoryFiles')
    ? () => {
        names ??= restRead.then((all) => {
          const repos = all.find(([p]) => p === 'repositories')?.[1];
          return repos?.state === 'ok'
            ? (repos.value as Array<{ name: string }>).map((r) => r.name)
            : undefined;
        });
        return names;
      }
    : undefined;
  const limit = new Semaphore(maxSessions);
  // Long reads (58 nodes) say how far they are; a read of the PAN alone has nothing to count.
  let done = 0;
  const counted = <T>(read: Promise<T>): Promise<T> =>
    read.then((value) => {
      done++;
      if (targets.length > 1) plan.progress?.(`${done} of ${targets.length} nodes read…`);
      return value;
    });
  const entries = await Promise.all(
    targets.map((t) =>
      counted(
        limit.run(async () => {
          const own = new Set(parts);
          if (legacyRepositories && t.hostname === pan) own.add('runningConfig');
          if (plan.versionForUnasked && t.unasked) own.add('version');
          if (own.size === 0) return [t.hostname, {}] as const;
          const target = await access.sshTarget(t.fqdn).catch((error: unknown) => error as Error);
          const cli = await readNodeCli(pool, {
            hostname: t.hostname,
            target,
            parts: own,
            ...(repositoryNames ? { repositoryNames } : {}),
            ...(timeoutsMs ? { timeoutsMs } : {}),
            ...(signal ? { signal } : {}),
          });
          return [t.hostname, cli] as const;
        }, signal),
      ),
    ),
  );
  return Object.fromEntries(entries);
}

/**
 * Each node's own `show version` replaces a version/patch the node list could not tell for it: the
 * cluster-wide patch on 2.x, or an unknown one where the node's REST patch call failed.
 */
function mergeCliVersions(nodes: Sourced<NodeInfo[]>, cli: Record<string, NodeCli>): Sourced<NodeInfo[]> {
  if (nodes.state !== 'ok') return nodes;
  return {
    ...nodes,
    value: nodes.value.map((n) => {
      const version = cli[n.hostname]?.version;
      if (n.patchSource === 'node' || version?.state !== 'ok' || !version.value.version) return n;
      return {
        ...n,
        version: version.value.version,
        patch: version.value.patch,
        patchSource: 'cli' as const,
      };
    }),
  };
}

function repositoriesFromPan(
  access: IseAccess,
  cli: Record<string, NodeCli>,
): NonNullable<Snapshot['repositories']> {
  const pan = Object.entries(cli).find(([, c]) => c.runningConfig !== undefined)?.[0] ?? access.panHostname;
  const config = cli[pan]?.runningConfig;
  if (config === undefined) {
    return {
      state: 'error',
      error: `ISE before 3.1 has no repository API and the PAN's CLI was not read; add an ssh: block to the config.`,
      source: 'CLI `show running-config`',
    };
  }
  if (config.state !== 'ok') return config;
  return {
    state: 'ok',
    value: repositoriesFromRunningConfig(config.value),
    source: `CLI \`show running-config\` on ${pan}`,
  };
}

function summary(snapshot: Snapshot): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(snapshot)) {
    if (value && typeof value === 'object' && 'state' in value)
      out[key] = String((value as Sourced<unknown>).state);
  }
  return out;
}
