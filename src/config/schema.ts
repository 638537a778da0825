import { z } from 'zod';
import { REPOSITORY_NAME } from '../ise/cli/names.js';
import { cronProblem, timezoneProblem } from '../schedule/check.js';
import { MIN_SECRET_LENGTH, Secret } from '../secrets.js';

/**
 * A credential: validated as a string of at least MIN_SECRET_LENGTH characters (redaction replaces every
 * occurrence, so a short secret would blank ordinary words), then wrapped so no log line or reply can
 * show it. Problems name the key path only, never the value.
 */
const secret = () =>
  z
    .string()
    .min(MIN_SECRET_LENGTH, `must be at least ${MIN_SECRET_LENGTH} characters (a password, key or token)`)
    .transform((value) => new Secret(value));

/** A secret that may be left empty to mean "not set" (Teams without auth, for local testing only). */
const secretOrEmpty = () =>
  z
    .string()
    .refine((value) => value === '' || value.length >= MIN_SECRET_LENGTH, {
      message: `must be empty or at least ${MIN_SECRET_LENGTH} characters`,
    })
    .transform((value) => new Secret(value));

const port = z.number().int().min(1).max(65535);
const chatTarget = z
  .string()
  .regex(/^(slack|teams):\S+$/, 'must be "slack:<channel id>" or "teams:<conversation id>"');
const principal = z
  .string()
  .regex(/^(\*|cli|console|(slack|teams):\S+)$/, 'must be "slack:<user id>", "teams:<aad object id>" or "*"');
const fingerprint = z
  .string()
  .regex(/^SHA256:[A-Za-z0-9+/]{43}=?$/, 'must be an OpenSSH "SHA256:..." fingerprint');
const release = z.string().regex(/^\d+\.\d+$/, 'must be a release like "3.0" or "3.2"');

/**
 * A node's own CLI account: ISE CLI users are local to each node (`username ... role admin` in that
 * node's running-config), so one node may need another account than the deployment's `ssh:` block.
 */
const nodeSshCredentials = z
  .strictObject({
    username: z.string().min(1),
    password: secret().optional(),
    privateKeyFile: z.string().min(1).optional(),
  })
  .refine((ssh) => ssh.password !== undefined || ssh.privateKeyFile !== undefined, {
    message: 'set password or privateKeyFile',
  });

const nodeOverride = z.strictObject({
  /** Where the node answers when its FQDN does not resolve from the bot; the FQDN when absent. */
  address: z.string().min(1).optional(),
  sshPort: port.optional(),
  /** This node's CLI account, over the deployment's `ssh:` username and password/key. */
  ssh: nodeSshCredentials.optional(),
  /** The node's HTTPS port for OpenAPI/MnT (443 on real ISE; the lab uses other ports). */
  httpsPort: port.optional(),
  /** The node's ERS port (9060 on real ISE before 3.1). */
  ersPort: port.optional(),
});

const restSchema = z.strictObject({
  openApiPort: port.default(443),
  ersPort: port.default(9060),
  username: z.string().min(1),
  password: secret(),
  caFile: z.string().min(1).optional(),
  insecure: z.boolean().default(false),
  timeoutMs: z.number().int().min(1000).max(600_000).default(60_000),
  /** Requests in flight per ISE host (ISE's ERS misbehaves past ~10 concurrent connections). */
  concurrency: z.number().int().min(1).max(20).default(5),
  /** Largest ISE answer read (32 MB): a bigger one fails its part instead of filling the bot's memory. */
  maxResponseBytes: z.number().int().min(65_536).max(1_073_741_824).default(33_554_432),
});

const sshSchema = z
  .strictObject({
    username: z.string().min(1),
    password: secret().optional(),
    privateKeyFile: z.string().min(1).optional(),
    hostKeys: z.record(z.string(), fingerprint).default({}),
    acceptUnknownHostKeys: z.boolean().default(false),
    timeoutMs: z.number().int().min(1000).max(3_600_000).default(120_000),
    /** Most bytes of one CLI command's output the bot keeps; past it the command is stopped and is an `error`. */
    maxOutputBytes: z
      .number()
      .int()
      .min(1024)
      .max(1024 ** 3)
      .default(16 * 1024 * 1024),
    /**
     * SSH sessions open at once across the deployment's nodes. Each node gets one session per run, so
     * this bounds the bot's side only; the default reads ISE's largest deployment (58 nodes) all at once,
     * since a readiness run lasts as long as its slowest wave of nodes (8 took 8 waves of ~7 s).
     */
    concurrency: z.number().int().min(1).max(64).default(64),
    /**
     * CLI sessions the bot holds on one node at once, across readiness, checks, backups and schedules
     * (more wait their turn): ISE counts each against its CLI session limit, and a readiness asked by
     * twenty people is one collection, so two leave room for a backup beside it.
     */
    maxSessionsPerNode: z.number().int().min(1).max(16).default(2),
  })
  .refine((ssh) => ssh.password !== undefined || ssh.privateKeyFile !== undefined, {
    message: 'set password or privateKeyFile',
  });

const backupSchema = z.strictObject({
  repository: z
    .string()
    .regex(REPOSITORY_NAME, 'must be an ISE repository name (letters, digits, _ . -)')
    .optional(),
  encryptionKey: secret().optional(),
  timeoutMs: z.number().int().min(60_000).default(3_600_000),
});

const deploymentSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9-]+$/, 'must match [a-z0-9-]+ (it is typed as --deployment NAME in chat)'),
  target: release.optional(),
  /** The planned upgrade day (YYYY-MM-DD): marked on the certificate timeline picture. */
  upgradeDate: z.iso.date('must be a date like "2027-03-01"').optional(),
  pan: z.string().min(1),
  rest: restSchema,
  ssh: sshSchema.optional(),
  nodes: z.record(z.string(), nodeOverride).default({}),
  backup: backupSchema.optional(),
});

const accessSchema = z.strictObject({
  admins: z.array(principal).default([]),
  operators: z.array(principal).default([]),
  viewers: z.array(principal).default([]),
  channels: z.array(chatTarget).default([]),
});

/** An IANA zone name (`Europe/Berlin`), checked against the runtime's zone data. */
const ianaZone = z
  .string()
  .min(1)
  .superRefine((zone, ctx) => {
    const problem = timezoneProblem(zone);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const scheduleSchema = z.strictObject({
  kind: z.enum(['readiness', 'certs']),
  deployment: z.string().min(1),
  // Checked here, not only when the scheduler arms it: a schedule that can never fire is a config error.
  cron: z
    .string()
    .min(1)
    .superRefine((cron, ctx) => {
      const problem = cronProblem(cron);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  timezone: ianaZone.default('UTC'),
  channel: chatTarget,
});

/**
 * Bounds of the one HTTP listener. Slack and Bot Framework send small requests: Slack's largest message
 * (40,000 characters, at most 3 bytes each) is ~120 KB of JSON, and a button click carries one of our
 * own messages (~30 KB of JSON, up to 3x when form-encoded); Teams caps a message at 28 KB. 256 KB holds
 * all of them, and 256 connections x 256 KB bounds what requests can make the bot hold at ~64 MB.
 */
export const httpSchema = z
  .strictObject({
    port: z.number().int().min(0).max(65535).default(3000),
    maxBodyBytes: z.number().int().min(16_384).max(10_485_760).default(262_144),
    maxConnections: z.number().int().min(1).max(65_536).default(256),
    headersTimeoutMs: z.number().int().min(1000).max(300_000).default(10_000),
    requestTimeoutMs: z.number().int().min(1000).max(600_000).default(30_000),
    keepAliveTimeoutMs: z.number().int().min(1000).max(600_000).default(5_000),
    /**
     * Where chat platforms reach this listener from outside (`https://bot.example.com`): Teams cards
     * show pictures by URL, served at `/images/<random id>.png`. Without it Teams cards only name them.
     */
    publicUrl: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL like "https://bot.example.com"' })
      .transform((url) => url.replace(/\/+$/, ''))
      .optional(),
  })
  .refine((http) => http.headersTimeoutMs <= http.requestTimeoutMs, {
    message: 'headersTimeoutMs must not exceed requestTimeoutMs',
    path: ['headersTimeoutMs'],
  });

function shortUrlPassword(url: string): boolean {
  const password = URL.canParse(url) ? decodeURIComponent(new URL(url).password) : '';
  return password.length > 0 && password.length < MIN_SECRET_LENGTH;
}

export const configSchema = z
  .strictObject({
    deployments: z.array(deploymentSchema).min(1, 'add at least one ISE deployment'),
    http: httpSchema.prefault({}),
    slack: z
      .strictObject({
        botToken: secret(),
        /** Verifies HTTP requests; Socket Mode (appToken) has no HTTP requests to verify. */
        signingSecret: secret().optional(),
        appToken: secret().optional(),
        apiUrl: z.url().optional(),
        /** Workspace allow-list: requests whose team_id (or Enterprise Grid id) is not listed are ignored. */
        teamIds: z
          .array(z.string().regex(/^[TE][A-Z0-9]+$/, 'must be a Slack team id like "T0123ABCD"'))
          .optional(),
        /** This app's id: requests carrying another api_app_id are ignored. */
        appId: z
          .string()
          .regex(/^A[A-Z0-9]+$/, 'must be a Slack app id like "A0123ABCD"')
          .optional(),
      })
      .refine((slack) => slack.signingSecret !== undefined || slack.appToken !== undefined, {
        message: 'set signingSecret (HTTP mode) or appToken (Socket Mode)',
      })
      .optional(),
    teams: z
      .strictObject({
        appId: z.string().default(''),
        appPassword: secretOrEmpty().optional(),
        tenantId: z.string().optional(),
        /** Tenants whose activities are run; required with auth on. */
        tenantIds: z.array(z.string().min(1)).optional(),
        /** No Bot Framework auth at all: local testing only, warned at every start and on /healthz. */
        allowUnauthenticated: z.boolean().default(false),
      })
      .superRefine(teamsAuthProblems)
      .optional(),
    access: accessSchema.optional(),
    store: z
      .strictObject({
        url: z
          .string()
          .regex(/^(sqlite:|postgres(ql)?:\/\/)/, 'must start with sqlite: or postgres://')
          .refine((url) => !/^postgres/.test(url) || !shortUrlPassword(url), {
            message: `the password in the URL must be at least ${MIN_SECRET_LENGTH} characters`,
          }),
      })
      .default({ url: 'sqlite:./data/ise-chatops.db' }),
    schedules: z.array(scheduleSchema).default([]),
    /** Certificate warnings: after the one "expired" post, an optional weekly reminder line in a digest. */
    certificates: z
      .strictObject({ expiredReminder: z.enum(['off', 'weekly']).default('off') })
      .default({ expiredReminder: 'off' }),
    /** Claims on scheduled fires: a replica that dies mid-fire has it taken over once this runs out. */
    scheduler: z
      .strictObject({ leaseMs: z.number().int().min(1000).max(3_600_000).default(60_000) })
      .default({ leaseMs: 60_000 }),
    log: z
      .strictObject({
        level: z.enum(['trace', 'debug', 'info', 'warn', 'error']).default('info'),
        pretty: z.boolean().default(false),
      })
      .default({ level: 'info', pretty: false }),
    /** How the console and the CLI show times; chat shows each reader's own zone. Always named in the text. */
    display: z
      .strictObject({
        timezone: ianaZone.default('UTC'),
      })
      .default({ timezone: 'UTC' }),
    readiness: z
      .strictObject({
        /** A readiness run finished less than this long ago answers a new request (0: always read ISE). */
        reuseSeconds: z.number().int().min(0).max(86_400).default(0),
      })
      .default({ reuseSeconds: 0 }),
    /** Commands per minute from chat, so one person or a looping integration cannot flood ISE. */
    limits: z
      .strictObject({
        perUserPerMinute: z.number().int().min(1).default(10),
        perChannelPerMinute: z.number().int().min(1).default(30),
        /** Subscriptions (config ones included) one channel may have; `subscribe` refuses more. */
        subscriptionsPerChannel: z.number().int().min(1).default(10),
        /** Subscriptions one ISE deployment may have: each fire reads that deployment. */
        subscriptionsPerDeployment: z.number().int().min(1).default(50),
      })
      .default({
        perUserPerMinute: 10,
        perChannelPerMinute: 30,
        subscriptionsPerChannel: 10,
        subscriptionsPerDeployment: 50,
      }),
  })
  .superRefine((config, ctx) => {
    const names = new Set<string>();
    config.deployments.forEach((d, i) => {
      if (names.has(d.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['deployments', i, 'name'],
          message: `"${d.name}" is used twice`,
        });
      }
      names.add(d.name);
    });
    config.schedules.forEach((s, i) => {
      if (!names.has(s.deployment)) {
        ctx.addIssue({
          code: 'custom',
          path: ['schedules', i, 'deployment'],
          message: `no deployment named "${s.deployment}" (known: ${[...names].join(', ')})`,
        });
      }
    });
  });

/**
 * Teams auth cannot fail open: `appId: ${TEAMS_APP_ID}` with the variable set but empty must stop the bot,
 * not switch authentication off. Only an explicit `allowUnauthenticated: true` runs without it.
 */
function teamsAuthProblems(
  teams: {
    appId: string;
    appPassword?: Secret | undefined;
    tenantIds?: string[] | undefined;
    allowUnauthenticated: boolean;
  },
  ctx: z.RefinementCtx,
): void {
  if (teams.allowUnauthenticated) return;
  const fix = 'set it, or set teams.allowUnauthenticated: true for local testing only';
  if (teams.appId.trim() === '')
    ctx.addIssue({ code: 'custom', path: ['appId'], message: `is empty: ${fix}` });
  if (teams.appPassword === undefined || teams.appPassword.isEmpty)
    ctx.addIssue({ code: 'custom', path: ['appPassword'], message: `is empty: ${fix}` });
  if ((teams.tenantIds ?? []).length === 0)
    ctx.addIssue({
      code: 'custom',
      path: ['tenantIds'],
      message:
        'list the Microsoft 365 tenant id(s) allowed to use the bot (required with Bot Framework auth on)',
    });
}

export type Config = z.output<typeof configSchema>;
export type DeploymentConfig = Config['deployments'][number];
export type AccessConfig = z.output<typeof accessSchema>;
export type ScheduleConfig = Config['schedules'][number];
export type HttpConfig = Config['http'];
