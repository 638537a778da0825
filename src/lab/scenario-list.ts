import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compareRelease } from '../ise/release.js';
import { loadScenario, releaseOf, SCENARIO_DIR, type Scenario } from './scenario.js';

/** A shipped scenario under the name `lab --scenario NAME` takes (its file name). */
export interface ShippedScenario {
  name: string;
  scenario: Scenario;
}

/** Every scenario under src/lab/scenarios, oldest release first, each loaded (so a broken file says so). */
export function shippedScenarios(): ShippedScenario[] {
  return readdirSync(SCENARIO_DIR)
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => {
      const name = file.slice(0, -'.yaml'.length);
      return { name, scenario: loadScenario(join(SCENARIO_DIR, file)) };
    })
    .sort(
      (a, b) =>
        compareRelease(releaseOf(a.scenario.version), releaseOf(b.scenario.version)) ||
        a.scenario.patch - b.scenario.patch ||
        a.name.localeCompare(b.name),
    );
}

/** One line per scenario: name, release and patch, node count, description. */
export function scenarioLines(list: ShippedScenario[]): string[] {
  const width = Math.max(...list.map((s) => s.name.length));
  return list.map(({ name, scenario }) => {
    const release = `${releaseOf(scenario.version)} P${scenario.patch}`;
    const nodes = `${scenario.nodes.length} node${scenario.nodes.length === 1 ? '' : 's'}`;
    return `${name.padEnd(width)}  ${release.padEnd(7)} ${nodes.padStart(8)}  ${scenario.description}`;
  });
}
