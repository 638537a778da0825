import { contentValue, deploymentInfoHostname, deploymentInfoNodes } from '../rest/deployment-info.js';
import type { ReadContext } from './context.js';

/**
 * Each node's product id from deploymentinfo (2.7+, ise-rest-api.md §8b): `ISE-VM-K9` on a virtual
 * machine, `SNS-…` on an appliance. Matched by the `Name` element, never by index.
 */
export async function readPlatforms(ctx: ReadContext): Promise<Record<string, string>> {
  const info = await ctx.deploymentInfo();
  const out: Record<string, string> = {};
  for (const content of deploymentInfoNodes(info)) {
    // `Name` where present, else any hostname/FQDN element; an entry naming no node is skipped.
    const name = deploymentInfoHostname(content);
    const pid = contentValue(content, 'PID');
    if (typeof name === 'string' && typeof pid === 'string' && pid !== '') out[name] = pid;
  }
  return out;
}

/** A product id that names a virtual machine (`ISE-VM-K9`, `ISE-VM-…`). */
export function isVirtual(pid: string): boolean {
  return /(^|-)VM(-|$)/i.test(pid);
}
