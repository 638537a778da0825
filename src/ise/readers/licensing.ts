import { contentValue, type JaxbElement } from '../rest/deployment-info.js';
import type { Licensing } from '../snapshot/types.js';
import type { ReadContext } from './context.js';

/** 3.1+: the license API's connection type (`SSM_ONPREM_SERVER`, ...; ise-rest-api.md §8c). */
export async function readLicensingOpenApi(ctx: ReadContext): Promise<Licensing> {
  const body = await ctx.getJson<{ connectionType?: string }>(
    'openapi',
    '/api/v1/license/system/connection-type',
  );
  if (!body.connectionType) throw new Error('the license API did not say the connection type');
  return { connectionType: body.connectionType };
}

/**
 * 2.7/3.0: deploymentinfo's `LicenseInfo}ConnectionMethod` (`Direct Https` in Cisco's example; the SSM
 * On-Prem string has not been seen, ise-rest-api.md §8c), matched by name suffix in mixed content.
 */
export async function readLicensingDeploymentInfo(ctx: ReadContext): Promise<Licensing> {
  const info = await ctx.deploymentInfo();
  const scopes = info.ERSDeploymentInfo?.licensesInfo?.nodeList?.nodeAndScope ?? [];
  for (const scope of scopes) {
    if (typeof scope !== 'object' || scope === null) continue;
    const content = ((scope as { content?: unknown[] }).content ?? []).filter(
      (e): e is JaxbElement =>
        typeof e === 'object' && e !== null && typeof (e as JaxbElement).name === 'string',
    );
    const method = contentValue(content, 'ConnectionMethod');
    if (typeof method === 'string' && method) return { connectionType: method };
  }
  throw new Error('deploymentinfo does not say the licensing connection method');
}
