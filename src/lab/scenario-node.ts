import { z } from 'zod';
import { isKnownZone } from '../ise/java-zone-names.js';

/**
 * One node of a lab scenario. Everything but the hostname is optional: a small test scenario says only
 * what it plants, the defaults describe a healthy node.
 */

const processState = z.enum(['running', 'disabled', 'not running', 'initializing']);

/** A system certificate of this node; dates are days relative to "now" so the lab never goes stale. */
export const systemCertificateSchema = z.strictObject({
  friendlyName: z.string(),
  /** Comma-separated like ISE's `usedBy` (ise-rest-api.md §2a): `Admin, EAP Authentication`, `Not in use`. */
  usedBy: z.string().default('Not in use'),
  /** The subject CN; the node's FQDN when absent. */
  issuedTo: z.string().optional(),
  issuedBy: z.string().default('Corp Issuing CA'),
  selfSigned: z.boolean().default(false),
  /** Negative: already expired. */
  expiresInDays: z.number(),
  validFromDaysAgo: z.number().default(365),
  keySize: z.number().int().default(2048),
  groupTag: z.string().default(''),
  /** Fault: the zone name printed in this certificate's dates instead of Java's (one the bot lacks). */
  dateZoneName: z.string().optional(),
});

export const ianaZone = z
  .string()
  .refine(isKnownZone, { message: 'not an IANA time zone (e.g. Europe/Berlin, Asia/Kolkata, UTC)' });

export const labNodeSchema = z.strictObject({
  hostname: z.string().regex(/^[a-z0-9-]+$/),
  ipAddress: z.string().optional(),
  /** OpenAPI role names (PrimaryAdmin, SecondaryMonitoring, ...); [] for a dedicated PSN. */
  roles: z.array(z.string()).default([]),
  services: z.array(z.string()).default([]),
  status: z.string().default('Connected'),
  /** Overrides of the deployment's version/patch: a mismatched node for version-parity. */
  version: z.string().optional(),
  patch: z.number().int().min(0).optional(),
  platform: z.enum(['vm', 'appliance']).default('vm'),
  /** Appliance model (SNS-3695) or hypervisor name (VMware ESXi 7.0). */
  model: z.string().optional(),
  cpus: z.number().int().min(1).default(16),
  /** Node group name (node groups are declared at the top level). */
  nodeGroup: z.string().optional(),
  ntp: z
    .strictObject({
      servers: z
        .array(z.strictObject({ address: z.string(), reachable: z.boolean().default(true) }))
        .default([
          { address: '10.0.0.1', reachable: true },
          { address: '10.0.0.2', reachable: true },
        ]),
      synchronised: z.boolean().default(true),
      stratum: z.number().int().default(3),
      rootDispersionMs: z.number().default(1.2),
    })
    .prefault({}),
  disk: z
    .strictObject({
      /** The whole disk; `/opt` gets most of it like on an ISE VM. */
      totalGb: z.number().min(1).default(600),
      usedPercent: z.number().min(0).max(100).default(12),
    })
    .prefault({}),
  memoryGb: z.number().min(1).default(64),
  memoryUsedPercent: z.number().min(0).max(100).default(40),
  /**
   * This node's own CLI account and session limit: CLI users are local to each node, so one node may
   * not know the deployment's account (`credentials.ssh`).
   */
  ssh: z
    .strictObject({
      username: z.string().optional(),
      password: z.string().optional(),
      sessionLimit: z.number().int().min(1).optional(),
    })
    .optional(),
  /** Process states by name, over the persona's default list (`Application Server: not running`). */
  processes: z.record(z.string(), processState).default({}),
  /** System certificates; a CA-signed admin/EAP certificate and a portal certificate when absent. */
  certificates: z.array(systemCertificateSchema).optional(),
  /** Enabled profiler probes on a PSN (ProfilerProbes spelling: dhcp, radius, nmap, snmpquery, ...). */
  profilerProbes: z.array(z.string()).default(['dhcp', 'radius', 'nmap', 'dns', 'snmpquery', 'activedir']),
  uptimeDays: z.number().min(0).default(41),
  /**
   * The node's `clock timezone` (an IANA name, as ISE takes it); the scenario's `timezone` when absent.
   * Every date the node prints is in this zone with the name Java or the OS gives it on that date.
   */
  timezone: ianaZone.optional(),
});

export type LabNode = z.output<typeof labNodeSchema>;
export type LabSystemCertificate = z.output<typeof systemCertificateSchema>;

export const isAdmin = (n: Pick<LabNode, 'roles'>) =>
  n.roles.some((r) => r.endsWith('Admin') || r === 'Standalone');
export const isMonitoring = (n: Pick<LabNode, 'roles'>) =>
  n.roles.some((r) => r.endsWith('Monitoring') || r === 'Standalone');
export const isPsn = (n: Pick<LabNode, 'services'>) => n.services.includes('Session');
