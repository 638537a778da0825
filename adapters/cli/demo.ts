import { Lab } from '../../src/lab/lab.js';
import { loadScenario, releaseOf } from '../../src/lab/scenario.js';

/**
 * What `npm start` runs without a config: two lab deployments side by side. The first is the default
 * deployment and is on 3.3, where every command works (certificates need the 3.1+ API); the 2.7 `demo`
 * beside it keeps the planted problems of an old release (`--deployment demo`). Both configs carry a
 * backup repository and encryption key, so `backup config` runs in either.
 */
export const DEMO_SCENARIOS = ['ise-3.3', 'demo'] as const;

export interface Demo {
  labs: Lab[];
  /** The bot config (before validation) naming one deployment per lab, the default first. */
  config: Record<string, unknown>;
  /** The line that tells the user what they are talking to. */
  banner: string;
  close(): Promise<void>;
}

export async function startDemo(): Promise<Demo> {
  const labs: Lab[] = [];
  const close = async () => {
    await Promise.all(labs.map((lab) => lab.close()));
  };
  try {
    for (const name of DEMO_SCENARIOS) labs.push(await Lab.start({ scenario: loadScenario(name) }));
  } catch (error) {
    await close();
    throw error;
  }
  const deployments = labs.flatMap(
    (lab) => (lab.configFor() as { deployments: Array<{ name: string }> }).deployments,
  );
  const described = labs.map((lab, i) => {
    const { version, patch, nodes } = lab.scenario;
    const name = deployments[i]?.name ?? lab.scenario.name;
    const how = i === 0 ? 'the default' : `add --deployment ${name}`;
    return `"${name}" (ISE ${releaseOf(version)} patch ${patch}, ${nodes.length} nodes; ${how})`;
  });
  // The demo keeps the console clean: only warnings and errors are logged.
  const config = { deployments, store: { url: 'sqlite::memory:' }, log: { level: 'warn' } };
  const banner = `No config file found: running the demo, ISE lab simulators for the deployments ${described.join(' and ')}.`;
  return { labs, config, banner, close };
}
