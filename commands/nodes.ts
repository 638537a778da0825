import { UserError } from '../src/errors.js';
import { type NodeInfo, personas } from '../src/ise/nodes.js';
import { patchLabel } from '../src/ise/release.js';
import { collectSnapshot } from '../src/ise/snapshot/collect.js';
import type { Need } from '../src/ise/snapshot/types.js';
import { reply, section, table, text } from '../src/reply/build.js';
import { DEPLOYMENT_FLAG, defineCommand, flag } from './types.js';

/**
 * The node list goes through the deployment's shared collections like readiness: a `nodes` asked while
 * a read covering it is in flight (another `nodes`, a `readiness`) shares its answer. Each read may log
 * into every node whose patch REST does not tell (ISE's default: Open API on the PAN only), so ten
 * people asking at once would otherwise open ten sessions on every node.
 */
const NODE_LIST: ReadonlySet<Need> = new Set(['nodes']);

export const nodes = defineCommand({
  name: 'nodes',
  summary: 'The nodes of a deployment: personas, roles, version, patch, status',
  usage: 'nodes [--deployment NAME]',
  examples: ['nodes', 'nodes --deployment prod'],
  role: 'viewer',
  sideEffects: 'none',
  flags: [DEPLOYMENT_FLAG],
  async run(ctx) {
    const access = ctx.services.deployments.get(flag(ctx, 'deployment'));
    ctx.progress(`reading the nodes of ${access.name}…`);
    const started = performance.now();
    // The node list from the PAN; a node whose own patch REST could not tell gets `show version` (one
    // login per node, as readiness), so no node is shown with another node's value (issue 14 item 1).
    const { services } = ctx;
    const { snapshot } = await services.deployments.snapshots(access.name).join({
      collector: collectSnapshot,
      needs: NODE_LIST,
      start: (signal, progress) => collectSnapshot(access, NODE_LIST, { signal, log: ctx.log, progress }),
      signal: ctx.signal,
      progress: ctx.progress,
      now: services.clock(),
      clock: services.clock,
    });
    if (snapshot.nodes.state !== 'ok') {
      const why = snapshot.nodes.state === 'error' ? snapshot.nodes.error : snapshot.nodes.reason;
      throw new UserError('ise-nodes', `The node list of ${access.name} could not be read: ${why}`);
    }
    const list = snapshot.nodes.value;
    const release = snapshot.release.state === 'ok' ? snapshot.release.value : undefined;
    const unhealthy = list.filter((n) => n.status !== 'Connected');
    const clusterPatch = list.some((n) => n.patchSource === 'cluster');
    const unasked = list.filter((n) => n.patchError !== undefined || n.patchSource === 'unknown');
    const notes = unasked.map((n) => {
      const cli = snapshot.cli[n.hostname]?.version;
      const rest = n.patchError
        ? `its REST patch call failed: ${n.patchError}`
        : 'REST does not tell its patch';
      const ssh =
        n.patchSource === 'cli'
          ? 'read from `show version` instead'
          : cli?.state === 'error'
            ? `\`show version\` failed too: ${cli.error}`
            : access.hasSsh
              ? '`show version` did not tell it either'
              : 'no ssh: block to read `show version`';
      return `${n.hostname}: ${rest}; ${ssh}.`;
    });
    return reply('nodes', `${list.length} nodes in ${access.name}`, unhealthy.length > 0 ? 'warn' : 'ok', {
      lead:
        unhealthy.length > 0
          ? `${unhealthy.map((n) => `${n.hostname} is ${n.status}`).join('; ')}.`
          : `All nodes connected.${release ? ` ISE ${release.version} ${patchLabel(release.patch)}.` : ''}`,
      sections: [
        section(undefined, [
          table(
            ['Hostname', 'Personas', 'Roles', 'Version', 'Patch', 'Status'],
            list.map((n) => [
              n.hostname,
              personas(n).join(', ') || '-',
              n.roles.join(', ') || '-',
              n.patchSource === 'unknown' ? 'unknown' : n.version,
              patchCell(n),
              n.status,
            ]),
          ),
          ...(clusterPatch
            ? [
                text(
                  `ISE ${release?.release ?? ''} has no per-node patch API: a patch marked (deployment) is the deployment's, not read from the node. \`check version-parity\` reads each node's over SSH.`,
                ),
              ]
            : []),
          ...notes.map((n) => text(n)),
        ]),
      ],
      context: { deployment: access.name, durationMs: Math.round(performance.now() - started) },
      data: {
        deployment: access.name,
        nodes: list.map((n) => ({
          hostname: n.hostname,
          fqdn: n.fqdn,
          ipAddress: n.ipAddress,
          version: n.patchSource === 'unknown' ? null : n.version,
          patch: n.patch ?? null,
          patchSource: n.patchSource,
          ...(n.patchError === undefined ? {} : { patchError: n.patchError }),
          roles: n.roles,
          personas: personas(n),
          services: n.services,
          status: n.status,
        })),
      },
    });
  },
});

function patchCell(n: NodeInfo): string {
  if (n.patch === undefined) return 'unknown';
  return n.patchSource === 'cluster' ? `${n.patch} (deployment)` : String(n.patch);
}
