import { personas, readNodes } from '../src/ise/nodes.js';
import { reply, section, table, text } from '../src/reply/build.js';
import { DEPLOYMENT_FLAG, defineCommand, flag } from './types.js';

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
    const list = await readNodes(access, ctx.signal);
    const release = await access.release(ctx.signal);
    const unhealthy = list.filter((n) => n.status !== 'Connected');
    const clusterPatch = list.some((n) => n.patchSource === 'cluster');
    return reply('nodes', `${list.length} nodes in ${access.name}`, unhealthy.length > 0 ? 'warn' : 'ok', {
      lead:
        unhealthy.length > 0
          ? `${unhealthy.map((n) => `${n.hostname} is ${n.status}`).join('; ')}.`
          : `All nodes connected. ISE ${release.version} patch ${release.patch}.`,
      sections: [
        section(undefined, [
          table(
            ['hostname', 'personas', 'roles', 'version', 'patch', 'status'],
            list.map((n) => [
              n.hostname,
              personas(n).join(', ') || '-',
              n.roles.join(', ') || '-',
              n.version,
              String(n.patch),
              n.status,
            ]),
          ),
          ...(clusterPatch
            ? [
                text(
                  `ISE ${release.release} has no per-node patch API: the patch shown is the deployment's. \`check version-parity\` reads each node's over SSH.`,
                ),
              ]
            : []),
        ]),
      ],
      context: { deployment: access.name, durationMs: Math.round(performance.now() - started) },
      data: {
        deployment: access.name,
        nodes: list.map((n) => ({
          hostname: n.hostname,
          fqdn: n.fqdn,
          ipAddress: n.ipAddress,
          version: n.version,
          patch: n.patch,
          roles: n.roles,
          personas: personas(n),
          services: n.services,
          status: n.status,
        })),
      },
    });
  },
});
