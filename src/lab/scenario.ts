import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { formatPath } from '../config/load.js';
import { UserError } from '../errors.js';
import { PROJECT_ROOT } from '../paths.js';

/**
 * A lab scenario describes one ISE deployment as the simulator serves it. Dates are relative to "now"
 * (days) so a scenario never goes stale. Sections are added here as the simulator grows.
 */
const labNodeSchema = z.strictObject({
  hostname: z.string().regex(/^[a-z0-9-]+$/),
  ipAddress: z.string().optional(),
  /** OpenAPI role names (PrimaryAdmin, SecondaryMonitoring, ...); [] for a dedicated PSN. */
  roles: z.array(z.string()).default([]),
  services: z.array(z.string()).default([]),
  status: z.string().default('Connected'),
  /** Overrides of the deployment's version/patch: a mismatched node for version-parity. */
  version: z.string().optional(),
  patch: z.number().int().min(0).optional(),
});

export const scenarioSchema = z.strictObject({
  name: z.string(),
  description: z.string().default(''),
  domain: z.string().default('lab.example.com'),
  version: z.string().regex(/^\d+\.\d+\.\d+\.\d+$/),
  patch: z.number().int().min(0).default(0),
  credentials: z
    .strictObject({
      rest: z.strictObject({ username: z.string(), password: z.string() }),
      ssh: z.strictObject({ username: z.string(), password: z.string() }),
    })
    .default({
      rest: { username: 'ers-admin', password: 'Lab-Rest-Pass1' },
      ssh: { username: 'admin', password: 'Lab-Ssh-Pass1' },
    }),
  nodes: z.array(labNodeSchema).min(1),
});

export type Scenario = z.output<typeof scenarioSchema>;
export type LabNode = Scenario['nodes'][number];

const SCENARIO_DIR = join(PROJECT_ROOT, 'src', 'lab', 'scenarios');

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
