import test from 'ava';
import { cliFactsFromScenario } from '../../src/lab/cli-facts-from-scenario.js';
import { nodeDisks } from '../../src/lab/node-resources.js';
import { loadScenario, parseScenario } from '../../src/lab/scenario.js';

const NOW = new Date('2025-06-01T12:00:00Z');

test('a small scenario stays small: every section defaults to a clean deployment', (t) => {
  const scenario = parseScenario({ name: 'tiny', version: '3.1.0.518', nodes: [{ hostname: 'ise01' }] });
  t.like(scenario, { patch: 0, panHa: { enabled: false }, licensing: { connectionType: 'HTTP_DIRECT' } });
  t.deepEqual(scenario.sponsorGroups, [
    'ALL_ACCOUNTS (default)',
    'GROUP_ACCOUNTS (default)',
    'OWN_ACCOUNTS (default)',
  ]);
  t.like(scenario.nodes[0], {
    platform: 'vm',
    status: 'Connected',
    ntp: { synchronised: true },
    disk: { totalGb: 600 },
  });
  // The lab's latency is ISE's own; the time scale (not set here) shrinks it for tests and the demo.
  t.like(scenario.latency, { restMs: 150, sshLoginMs: 2000 });
  t.deepEqual(scenario.latency.slowCommands['^sh\\S*\\s+app\\S*\\s+stat'], [40_000, 85_000]);
  t.is(scenario.timeScale, undefined);
  t.is(scenario.cliSessionLimit, 5);
});

test('an unknown key in a scenario is refused with its path', (t) => {
  t.throws(
    () => parseScenario({ name: 'x', version: '3.1.0.518', nodes: [{ hostname: 'a', colour: 'red' }] }),
    {
      message: /nodes\.0.*colour|Unrecognized key.*colour/s,
    },
  );
});

test('the shipped scenarios load, and large has 58 nodes in the expected personas', (t) => {
  for (const name of ['demo', 'healthy-3.2', 'large']) t.notThrows(() => loadScenario(name), name);
  const large = loadScenario('large');
  t.is(large.nodes.length, 58);
  t.is(large.nodes.filter((n) => n.services.includes('Session')).length, 50);
  t.is(large.nodes.filter((n) => n.services.includes('pxGrid')).length, 4);
  t.is(large.nodes.filter((n) => n.roles.some((r) => r.endsWith('Admin'))).length, 2);
  t.is(large.nodes.filter((n) => n.roles.some((r) => r.endsWith('Monitoring'))).length, 2);
});

test('a node’s CLI facts agree with what its REST resources say', (t) => {
  const demo = loadScenario('demo');
  const psn2 = demo.nodes.find((n) => n.hostname === 'ise-psn2');
  if (!psn2) throw new Error('no ise-psn2');
  const facts = cliFactsFromScenario(demo, psn2, NOW);
  t.is(facts.version, '2.7.0.356');
  t.deepEqual(
    facts.patches?.map((p) => p.number),
    [1, 2],
  );
  t.is(facts.ntp.form, 'ntpd');
  t.is(facts.processes.find((p) => p.name === 'Application Server')?.state, 'not running');
  t.deepEqual(
    facts.disks.map((d) => d.totalKb),
    nodeDisks(psn2).map((d) => d.totalKb),
  );
  const pan = demo.nodes.find((n) => n.hostname === 'ise-pan1');
  if (!pan) throw new Error('no ise-pan1');
  const history = cliFactsFromScenario(demo, pan, NOW).backupHistory;
  t.is(history.length, 2);
  t.regex(history[0]?.fileName ?? '', /^nightly-CFG10-250523-1200\.tar\.gpg$/);
});
