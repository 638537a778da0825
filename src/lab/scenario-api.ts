import { z } from 'zod';
import type { LabNode } from './scenario-node.js';

/**
 * How the lab's REST side differs from node to node, as on real ISE: by default (ISE's defaults) the
 * Open API answers on the primary PAN only, every node has its own certificate named by its FQDN,
 * the configured `pan`'s issued by the lab CA and the others self-signed, and ERS is on. Each kinder
 * or harsher shape is a switch a scenario or a test turns on knowingly.
 */
export const labApiSchema = z
  .strictObject({
    /**
     * Where Open API answers: `pan`, the primary PAN only (API Settings' "All Other Nodes" left off,
     * ISE's default), or `all` nodes.
     */
    openApi: z.enum(['pan', 'all']).default('pan'),
    /** ERS enabled (9060, and /ers on 443 from 3.1). `false`: 9060 is closed, 443 answers /ers with HTML. */
    ers: z.boolean().default(true),
    /**
     * Certificates of the nodes other than the configured `pan`: `self-signed` (ISE's install default),
     * or `ca` (issued by the lab CA like the PAN's, as after an admin replaced them all).
     */
    secondaryCertificates: z.enum(['self-signed', 'ca']).default('self-signed'),
    /**
     * The configured `pan`'s certificate also names the lab's address (127.0.0.1), as when an admin
     * put the PAN's IP in its SAN: then `pan` may be given as an address.
     */
    panCertificateAddress: z.boolean().default(false),
    /** deploymentinfo names each node (`Name`, 3.1 schema); `false`: Cisco's 2.7-era example, no `Name`. */
    deploymentInfoName: z.boolean().default(true),
    /**
     * PAN failover happened: this node is PrimaryAdmin now and the scenario's PrimaryAdmin (still the
     * configured `pan`) is SecondaryAdmin.
     */
    failoverTo: z.string().optional(),
  })
  .prefault({});

export type LabApi = z.output<typeof labApiSchema>;

/** The nodes after a failover: the admin roles of the old and the new primary swapped. */
export function failedOver(nodes: readonly LabNode[], to: string | undefined): LabNode[] {
  if (to === undefined) return [...nodes];
  const target = nodes.find((n) => n.hostname === to);
  if (!target) throw new Error(`api.failoverTo names no node: ${to}`);
  if (target.roles.includes('PrimaryAdmin')) return [...nodes];
  return nodes.map((n) => {
    if (n.roles.includes('PrimaryAdmin'))
      return { ...n, roles: n.roles.map((r) => (r === 'PrimaryAdmin' ? 'SecondaryAdmin' : r)) };
    if (n.hostname === to)
      return {
        ...n,
        roles: ['PrimaryAdmin', ...n.roles.filter((r) => r !== 'SecondaryAdmin')],
      };
    return n;
  });
}
