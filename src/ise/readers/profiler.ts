import { contentValue, deploymentInfoHostname, deploymentInfoNodes } from '../rest/deployment-info.js';
import type { ReadContext } from './context.js';

/**
 * 3.1 P1+: `GET /api/v1/profile/{hostname}` per PSN; a probe key present means the probe is on
 * (INFERENCE, ise-rest-api.md §9a).
 */
export async function readProfilerOpenApi(ctx: ReadContext): Promise<Record<string, string[]>> {
  const psns = (await ctx.nodes()).filter((n) => n.services.includes('Session'));
  const entries = await Promise.all(
    psns.map(async (n) => {
      const body = await ctx.getJson<{ response?: Record<string, unknown> }>(
        'openapi',
        `/api/v1/profile/${encodeURIComponent(n.hostname)}`,
      );
      return [n.hostname, Object.keys(body.response ?? {})] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/** 2.7/3.0: each node's `ProfilerProbes` comma string in deploymentinfo, by name suffix (§8b). */
export async function readProfilerDeploymentInfo(ctx: ReadContext): Promise<Record<string, string[]>> {
  const info = await ctx.deploymentInfo();
  const out: Record<string, string[]> = {};
  for (const content of deploymentInfoNodes(info)) {
    // `Name` where present, else any hostname/FQDN element; an entry naming no node is skipped.
    const name = deploymentInfoHostname(content);
    const services = String(contentValue(content, 'NodeServiceType') ?? '');
    if (typeof name !== 'string' || !/SESSION/i.test(services)) continue;
    out[name] = String(contentValue(content, 'ProfilerProbes') ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
  }
  return out;
}
