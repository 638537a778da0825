import type { NodeGroup } from '../snapshot/types.js';
import type { ReadContext } from './context.js';

/**
 * Node groups and their members (3.1 P1+). The node object has no group field, so members come from
 * `/node-group/{name}/node` per group (INFERENCE, ise-rest-api.md §1c).
 */
export async function readNodeGroups(ctx: ReadContext): Promise<NodeGroup[]> {
  const body = await ctx.getJson<{ response?: Array<{ name: string }> }>(
    'openapi',
    '/api/v1/deployment/node-group',
  );
  return Promise.all(
    (body.response ?? []).map(async (g) => {
      const members = await ctx.getJson<{ response?: Array<{ hostname: string }> }>(
        'openapi',
        `/api/v1/deployment/node-group/${encodeURIComponent(g.name)}/node`,
      );
      return { name: g.name, members: (members.response ?? []).map((m) => m.hostname) };
    }),
  );
}
