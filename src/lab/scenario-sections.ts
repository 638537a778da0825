import { z } from 'zod';

/** Deployment-wide sections of a lab scenario; each defaults to a clean deployment. */

export const trustedCertificateSchema = z.strictObject({
  friendlyName: z.string(),
  issuedTo: z.string().optional(),
  issuedBy: z.string().optional(),
  expiresInDays: z.number(),
  validFromDaysAgo: z.number().default(3650),
  status: z.enum(['Enabled', 'Disabled']).default('Enabled'),
  /** Comma-separated tokens: Infrastructure, Endpoints, Cisco Services, AdminAuth (ise-rest-api.md §2b). */
  trustedFor: z.string().default('Infrastructure,Endpoints'),
});

export const internalCaSchema = z
  .strictObject({
    /** ISE's internal CA chain in the trusted store (Root CA, Node CA, Endpoint Sub CA per node). */
    enabled: z.boolean().default(true),
    /** Nodes whose `Certificate Services Endpoint Sub CA - <node>` is absent (a broken chain). */
    missingSubCaFor: z.array(z.string()).default([]),
    /** Nodes whose Endpoint Sub CA has expired. */
    expiredSubCaFor: z.array(z.string()).default([]),
  })
  .prefault({});

const conditionLeaf = {
  dictionaryName: z.string().optional(),
  attributeName: z.string().optional(),
  operator: z.string().default('equals'),
  attributeValue: z.string().optional(),
};

export const conditionSchema = z.strictObject({
  name: z.string(),
  scope: z.enum(['network-access', 'device-admin']).default('network-access'),
  /** simple = LibraryConditionAttributes; and/or = LibraryConditionAndBlock/OrBlock (INFERENCE, §3). */
  type: z.enum(['simple', 'and', 'or']).default('simple'),
  description: z.string().default(''),
  ...conditionLeaf,
  /** Names of library conditions a compound one references. */
  children: z.array(z.string()).default([]),
});

export const ruleSchema = z.strictObject({
  name: z.string(),
  state: z.enum(['enabled', 'disabled', 'monitor']).default('enabled'),
  hits: z.number().int().min(0).default(0),
  default: z.boolean().default(false),
  /** A library condition by name, or an inline attribute condition. */
  conditionRef: z.string().optional(),
  condition: z.strictObject(conditionLeaf).optional(),
  profile: z.array(z.string()).default(['PermitAccess']),
});

export const policySetSchema = z.strictObject({
  name: z.string(),
  scope: z.enum(['network-access', 'device-admin']).default('network-access'),
  description: z.string().default(''),
  state: z.enum(['enabled', 'disabled', 'monitor']).default('enabled'),
  hits: z.number().int().min(0).default(0),
  default: z.boolean().default(false),
  rules: z.array(ruleSchema).default([]),
});

export const backupStatusSchema = z.strictObject({
  type: z.enum(['CONFIGURATION_DB', 'OPERATIONAL_DB']).default('CONFIGURATION_DB'),
  status: z.enum(['COMPLETED', 'ERROR', 'IN_PROGRESS']).default('COMPLETED'),
  name: z.string().default('nightly'),
  repository: z.string().default('backup-sftp'),
  daysAgo: z.number().min(0).default(0.5),
  message: z.string().default(''),
  initiatedFrom: z.enum(['ADMIN_GUI', 'CLI', 'OPEN_API']).default('ADMIN_GUI'),
});

export const backupHistorySchema = z.strictObject({
  daysAgo: z.number().min(0),
  /** Backup name; the file name is derived (`<name>-CFG10-<stamp>.tar.gpg`). */
  name: z.string().default('nightly'),
  repository: z.string().default('backup-sftp'),
  status: z.enum(['success', 'failed']).default('success'),
  kind: z.enum(['config', 'operational']).default('config'),
  detail: z.string().optional(),
});

export const repositorySchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_.-]{1,80}$/),
  protocol: z.enum(['CDROM', 'DISK', 'FTP', 'HTTP', 'HTTPS', 'NFS', 'SFTP', 'TFTP']),
  serverName: z.string().optional(),
  path: z.string().default('/'),
  userName: z.string().optional(),
  files: z.array(z.string()).default([]),
  reachable: z.boolean().default(true),
});

export const licensingSchema = z
  .strictObject({
    /** HTTP_DIRECT | PROXY | SSM_ONPREM_SERVER | TRANSPORT_GATEWAY (ise-rest-api.md §8c). */
    connectionType: z
      .enum(['HTTP_DIRECT', 'PROXY', 'SSM_ONPREM_SERVER', 'TRANSPORT_GATEWAY'])
      .default('HTTP_DIRECT'),
    state: z.enum(['ENABLED', 'DISABLED']).default('ENABLED'),
    ssmOnPremServer: z.string().optional(),
  })
  .prefault({});

export const panHaSchema = z
  .strictObject({
    enabled: z.boolean().default(false),
    primaryHealthCheckNode: z.string().optional(),
    secondaryHealthCheckNode: z.string().optional(),
    pollingInterval: z.number().int().default(120),
    failedAttempts: z.number().int().default(5),
  })
  .prefault({});

export const activeDirectorySchema = z.strictObject({
  name: z.string(),
  domain: z.string(),
  description: z.string().default(''),
});

export const nodeGroupSchema = z.strictObject({ name: z.string(), description: z.string().default('') });

/** A delay in ms, or a range `[min, max]` of which each node and command gets a stable value. */
const delayMs = z.union([z.number().min(0), z.tuple([z.number().min(0), z.number().min(0)])]);

/**
 * Latency in ms as real ISE nodes answer (the lab's natural numbers); the lab's time scale multiplies
 * every one of them, so tests and the demo run them at a small scale with the ratios kept.
 * `show application status ise` takes 40 s or more (ise-cli.md §3.3: "~40+ seconds", 90 s timeout
 * recommended); the rest are INFERRED from the same notes (logins "take a second or two", a
 * running-config is generated, a repository listing waits on the remote server).
 */
export const latencySchema = z
  .strictObject({
    restMs: z.number().min(0).default(150),
    sshLoginMs: z.number().min(0).default(2000),
    /** Other commands take between min and max (stable per command text). */
    commandMinMs: z.number().min(0).default(300),
    commandMaxMs: z.number().min(0).default(1500),
    /** Commands (regex source, case-insensitive) with their own latency. */
    slowCommands: z.record(z.string(), delayMs).default({
      '^sh\\S*\\s+app\\S*\\s+stat': [40_000, 85_000],
      '^show running-config': 5_000,
      '^show repository': 3_000,
    }),
    /** Between two progress lines of a backup (config backups take minutes, ise-cli.md §2.8, §3.3); 15 s when absent. */
    backupStageMs: z.number().min(0).optional(),
  })
  .prefault({});

/** A REST fault: which requests (all when no selector) and what happens to them. */
export const restFaultSchema = z.strictObject({
  node: z.string().optional(),
  family: z.enum(['ers', 'openapi', 'mnt']).optional(),
  method: z.string().optional(),
  /** Regex source matched against the path. */
  path: z.string().optional(),
  status: z
    .union([
      z.literal(401),
      z.literal(403),
      z.literal(404),
      z.literal(429),
      z.literal(500),
      z.literal(502),
      z.literal(503),
    ])
    .optional(),
  retryAfterSeconds: z.number().int().min(0).optional(),
  reset: z.boolean().optional(),
  malformed: z.boolean().optional(),
  hang: z.boolean().optional(),
  latencyMs: z.number().min(0).optional(),
  /** Share of matching requests hit, 0..1 (a seeded generator keeps runs repeatable). */
  rate: z.number().min(0).max(1).optional(),
  /** Only the first N matching requests. */
  times: z.number().int().min(1).optional(),
});

export const sshFaultSchema = z.strictObject({
  authFail: z.boolean().optional(),
  /** Regex sources of commands that hang / drop the connection mid-output. */
  hangOn: z.string().optional(),
  dropOn: z.string().optional(),
  /** Regex source of commands the node rejects with ADE-OS's `% invalid command detected at '^' marker.` */
  invalidOn: z.string().optional(),
  /** The node presents a different host key than the one the lab pinned in the config. */
  changedHostKey: z.boolean().optional(),
  /** The CLI account's password has aged out: the login asks for a new one (PAM's prompts). */
  passwordExpired: z.boolean().optional(),
});

export const faultsSchema = z
  .strictObject({
    rest: z.array(restFaultSchema).default([]),
    /** Per node hostname, or `*` for every node. */
    ssh: z.record(z.string(), sshFaultSchema).default({}),
  })
  .prefault({});

/** What a user of this deployment would have in the bot's config: the lab puts it in the config it writes. */
export const botSettingsSchema = z
  .strictObject({
    /** The upgrade target (`deployments[].target`); the newest release reachable in one step when absent. */
    target: z
      .string()
      .regex(/^\d+\.\d+$/)
      .optional(),
    /** `deployments[].backup`: a repository of this scenario and an encryption key ISE accepts. */
    backup: z.strictObject({ repository: z.string(), encryptionKey: z.string() }).optional(),
  })
  .prefault({});
