import type { MdmInfo } from '../snapshot/types.js';
import type { ReadContext } from './context.js';

/**
 * The active MDM server count from deploymentinfo (2.7+): ISE has no API listing MDM servers
 * (ise-rest-api.md §5). The spec types the count as an integer, the SDK mocks as a string: accept both.
 */
export async function readMdm(ctx: ReadContext): Promise<MdmInfo> {
  const info = await ctx.deploymentInfo();
  const raw = (info.ERSDeploymentInfo?.mdmInfo as { activeMdmServersCount?: unknown } | undefined)
    ?.activeMdmServersCount;
  const count = Number(raw ?? Number.NaN);
  if (!Number.isFinite(count)) throw new Error('deploymentinfo has no mdmInfo.activeMdmServersCount');
  return { activeServers: count };
}
