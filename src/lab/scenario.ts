import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { formatPath } from '../config/load.js';
import { UserError } from '../errors.js';
import { PROJECT_ROOT } from '../paths.js';
import { ianaZone, type LabNode, labNodeSchema } from './scenario-node.js';
import {
  activeDirectorySchema,
  backupHistorySchema,
  backupStatusSchema,
  botSettingsSchema,
  conditionSchema,
  faultsSchema,
  internalCaSchema,
  latencySchema,
  licensingSchema,
  nodeGroupSchema,
  panHaSchema,
  policySetSchema,
  repositorySchema,
  trustedCertificateSchema,
} from './scenario-sections.js';

export type { LabNode } from './scenario-node.js';

/**
 * A lab scenario describes one ISE deployment as the simulator serves it, over REST and SSH. Dates are
 * relative to "now" (days) so a scenario never goes stale. Every section is optional and defaults to a
 * clean deployment, so a test scenario states only what it plants.
 */
const checkStatus = z.enum(['pass', 'warn', 'fail', 'error', 'manual', 'info']);

export const scenarioSchema = z.strictObject({
  name: z.string(),
  description: z.string().default(''),
  domain: z.string().default('lab.example.com'),
  version: z.string().regex(/^\d+\.\d+\.\d+\.\d+$/),
  patch: z.number().int().min(0).default(0),
  /** Every node's `clock timezone` unless the node sets its own; ISE installs with UTC. */
  timezone: ianaZone.default('UTC'),
  credentials: z
    .strictObject({
      rest: z.strictObject({ username: z.string(), password: z.string() }),
      ssh: z.strictObject({ username: z.string(), password: z.string() }),
    })
    .default({
      rest: { username: 'ers-admin', password: 'Lab-Rest-Pass1' },
      ssh: { username: 'admin', password: 'Lab-Ssh-Pass1' },
    }),
  /**
   * Multiplies every lab delay (the `latency` numbers, which are ISE's): 1 is real time, 0.05 twenty
   * times faster with the same ratios. The lab's own default when absent (`DEFAULT_TIME_SCALE`).
   */
  timeScale: z.number().positive().max(100).optional(),
  /**
   * CLI sessions each node accepts at once ("Maximum Concurrent Sessions" for the CLI in Admin Access
   * settings); a node's `ssh.sessionLimit` overrides it. The STIG-hardened value is 1 (Cisco ISE NDM
   * STIG V-242607). INFERRED: the shipped default of 5 was not found in a source.
   */
  cliSessionLimit: z.number().int().min(1).default(5),
  /** ERS demands the CSRF token on writes (API Settings "Enable CSRF Check", ise-rest-api.md §10). */
  ersCsrf: z.boolean().default(false),
  nodes: z.array(labNodeSchema).min(1),
  nodeGroups: z.array(nodeGroupSchema).default([]),
  trustedCertificates: z.array(trustedCertificateSchema).default([
    {
      friendlyName: 'Corp Root CA',
      issuedBy: 'Corp Root CA',
      expiresInDays: 3000,
      validFromDaysAgo: 3000,
      status: 'Enabled',
      trustedFor: 'Infrastructure,Endpoints,AdminAuth',
    },
    {
      friendlyName: 'Corp Issuing CA',
      issuedBy: 'Corp Root CA',
      expiresInDays: 2000,
      validFromDaysAgo: 1500,
      status: 'Enabled',
      trustedFor: 'Infrastructure,Endpoints,AdminAuth',
    },
  ]),
  internalCa: internalCaSchema,
  conditions: z.array(conditionSchema).default([]),
  policySets: z.array(policySetSchema).default([]),
  sponsorGroups: z
    .array(z.string())
    .default(['ALL_ACCOUNTS (default)', 'GROUP_ACCOUNTS (default)', 'OWN_ACCOUNTS (default)']),
  mdm: z
    .strictObject({
      activeServers: z.number().int().min(0).default(0),
      activeDesktopServers: z.number().int().min(0).default(0),
      activeMobileServers: z.number().int().min(0).default(0),
    })
    .prefault({}),
  panHa: panHaSchema,
  backups: z
    .strictObject({
      /** What last-backup-status reports (3.1+); none taken yet when absent. */
      last: backupStatusSchema.optional(),
      history: z.array(backupHistorySchema).default([]),
    })
    .prefault({}),
  repositories: z.array(repositorySchema).default([]),
  licensing: licensingSchema,
  activeDirectory: z.array(activeDirectorySchema).default([]),
  latency: latencySchema,
  faults: faultsSchema,
  /** Settings the lab writes into the bot config it generates (`lab --config-out`, the no-config demo). */
  bot: botSettingsSchema,
  /**
   * What a correct bot's readiness must say about this deployment: check id → status, for every check of
   * the catalogue (test/lab/scenarios.test.ts holds each shipped scenario to it). The scenario file says
   * next to each non-pass why ISE's facts call for it.
   */
  expect: z.record(z.string(), checkStatus).optional(),
  /**
   * Checks where today's bot says something else than `expect` (a bug or missing support, named in
   * `why`): the scenario test holds the bot to `bot` and says so, and fails once the bot changes, so
   * the entry is removed when the fix lands.
   */
  knownGaps: z.record(z.string(), z.strictObject({ bot: checkStatus, why: z.string() })).default({}),
});

export type Scenario = z.output<typeof scenarioSchema>;

export const SCENARIO_DIR = join(PROJECT_ROOT, 'src', 'lab', 'scenarios');

/** Loads a shipped scenario by name (`demo`, `healthy-3.2`, `large`) or a YAML file by path. */
export function loadScenario(nameOrPath: string): Scenario {
  const file = nameOrPath.endsWith('.yaml') ? nameOrPath : join(SCENARIO_DIR, `${nameOrPath}.yaml`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UserError('lab-scenario', `No lab scenario "${nameOrPath}" (looked for ${file}).`);
  }
  return parseScenario(parse(text), file);
}

export function parseScenario(raw: unknown, origin = 'scenario'): Scenario {
  const result = scenarioSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
    throw new UserError('lab-scenario', `Lab scenario ${origin} is invalid:\n  - ${problems.join('\n  - ')}`);
  }
  return result.data;
}

/** The node's version and patch: its own override, else the deployment's. */
export function nodeVersion(scenario: Scenario, node: LabNode): { version: string; patch: number } {
  return { version: node.version ?? scenario.version, patch: node.patch ?? scenario.patch };
}

export function fqdn(scenario: Scenario, node: LabNode): string {
  return `${node.hostname}.${scenario.domain}`;
}

const DAY_MS = 86_400_000;

/** `now` moved by a number of days (negative: the past). */
export function daysFrom(now: Date, days: number): Date {
  return new Date(now.getTime() + days * DAY_MS);
}

/** `2.7` from `2.7.0.356`. */
export function releaseOf(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}

/** The IANA zone a node's clock runs in: its own, else the deployment's. */
export function nodeZone(scenario: Pick<Scenario, 'timezone'>, node: Pick<LabNode, 'timezone'>): string {
  return node.timezone ?? scenario.timezone;
}

/** The primary PAN (or the first node). */
export function panOf(scenario: Scenario): LabNode {
  const pan = scenario.nodes.find((n) => n.roles.includes('PrimaryAdmin')) ?? scenario.nodes[0];
  if (!pan) throw new Error('scenario has no nodes');
  return pan;
}
