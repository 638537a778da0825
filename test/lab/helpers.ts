import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/load.js';
import type { DeploymentConfig } from '../../src/config/schema.js';
import { IseAccess, type IseAccessOptions } from '../../src/ise/access.js';
import { Lab, type LabOptions } from '../../src/lab/lab.js';
import { loadScenario, parseScenario } from '../../src/lab/scenario.js';

interface Teardown {
  teardown(fn: () => unknown): void;
}

/** A lab for one test, closed after it. `scenario` is a shipped name or inline scenario data. */
export async function startLab(
  t: Teardown,
  scenario: string | Record<string, unknown>,
  options: Omit<LabOptions, 'scenario'> = {},
): Promise<Lab> {
  const lab = await Lab.start({
    scenario: typeof scenario === 'string' ? loadScenario(scenario) : parseScenario(scenario),
    latency: false,
    ...options,
  });
  t.teardown(() => lab.close());
  return lab;
}

/** The lab's config as the bot would load it, optionally changed before validation. */
export function labDeployment(
  lab: Lab,
  // biome-ignore lint/suspicious/noExplicitAny: tests poke into the raw config before validation
  patch: (raw: any) => void = () => {},
): DeploymentConfig {
  const raw = lab.configFor(mkdtempSync(join(tmpdir(), 'lab-')));
  patch(raw);
  const { config } = parseConfig(raw, {}, undefined, process.cwd());
  const deployment = config.deployments[0];
  if (!deployment) throw new Error('no deployment');
  return deployment;
}

export function accessTo(
  t: Teardown,
  lab: Lab,
  // biome-ignore lint/suspicious/noExplicitAny: as above
  patch: (raw: any) => void = () => {},
  options: IseAccessOptions = {},
): IseAccess {
  const access = new IseAccess(labDeployment(lab, patch), options);
  t.teardown(() => access.close());
  return access;
}
