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

/**
 * Each virtual node's disk size in bytes from deploymentinfo `VMDiskSpace` (ise-rest-api.md §8b, Cisco's
 * example `"200 GiB"`): the size of the VM's disk as ISE sees it, which `show disks` can only approximate.
 * Appliances leave it empty; a value the bot cannot read is left out, so the check falls back to the CLI.
 */
export async function readVmDisks(ctx: ReadContext): Promise<Record<string, number>> {
  const info = await ctx.deploymentInfo();
  const out: Record<string, number> = {};
  for (const content of deploymentInfoNodes(info)) {
    const name = contentValue(content, 'Name');
    const bytes = diskBytes(contentValue(content, 'VMDiskSpace'));
    if (typeof name === 'string' && bytes !== undefined) out[name] = bytes;
  }
  return out;
}

const UNIT: Record<string, number> = { gib: 1024 ** 3, gb: 1024 ** 3, tib: 1024 ** 4, tb: 1024 ** 4 };

/** `200 GiB`; `GB`/`TB` are read as binary too, the way VMware and ISE print disk sizes (INFERRED). */
export function diskBytes(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(GiB|GB|TiB|TB)\s*$/i.exec(value);
  const unit = m?.[2] === undefined ? undefined : UNIT[m[2].toLowerCase()];
  return m?.[1] === undefined || unit === undefined ? undefined : Number(m[1]) * unit;
}
