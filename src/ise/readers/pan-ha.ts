import type { PanFailover } from '../snapshot/types.js';
import type { ReadContext } from './context.js';

interface PanHaJson {
  response?: {
    isEnabled?: boolean;
    primaryHealthCheckNode?: { hostname?: string };
    secondaryHealthCheckNode?: { hostname?: string };
  };
}

/** PAN automatic failover (3.1+, ise-rest-api.md §6). */
export async function readPanFailover(ctx: ReadContext): Promise<PanFailover> {
  const body = await ctx.getJson<PanHaJson>('openapi', '/api/v1/deployment/pan-ha');
  const r = body.response;
  if (r?.isEnabled === undefined) throw new Error('pan-ha did not say whether failover is enabled');
  const primary = r.primaryHealthCheckNode?.hostname;
  const secondary = r.secondaryHealthCheckNode?.hostname;
  return {
    enabled: r.isEnabled,
    ...(primary ? { primaryHealthCheckNode: primary } : {}),
    ...(secondary ? { secondaryHealthCheckNode: secondary } : {}),
  };
}
