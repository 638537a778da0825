import test from 'ava';
import { loadScenario } from '../../src/lab/scenario.js';
import { runCli } from '../helpers/io.js';

test('lab --list prints every shipped scenario with its release, node count and description', async (t) => {
  const ran = await runCli(['lab', '--list']);
  t.is(ran.code, 0);
  const rows = ran.stdout.split('\n').filter((line) => line.startsWith('  '));
  t.true(rows.length >= 10, ran.stdout);
  for (const row of rows) {
    const [, name, release, patch, nodes] =
      /^ {2}(\S+) +(\d+\.\d+) P(\d+) +(\d+) nodes? {2}\S/.exec(row) ?? [];
    if (!name) {
      t.fail(`not a scenario row: ${row}`);
      continue;
    }
    const scenario = loadScenario(name);
    t.true(scenario.version.startsWith(`${release}.`), name);
    t.is(scenario.patch, Number(patch), name);
    t.is(scenario.nodes.length, Number(nodes), name);
    t.true(row.endsWith(scenario.description), name);
  }
  t.regex(ran.stdout, /^ {2}demo +2\.7 P4 +5 nodes {2}the demo/m);
});
