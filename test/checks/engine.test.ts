import test from 'ava';
import { CATALOGUE, findCheck } from '../../src/checks/catalogue.js';
import { compareRuns, describeChanges } from '../../src/checks/changes.js';
import { evaluateAll, needsOf, runEngine } from '../../src/checks/engine.js';
import { RELEASES } from '../../src/checks/releases.js';
import { chooseTarget } from '../../src/checks/target.js';
import type { Check } from '../../src/checks/types.js';
import type { IseAccess } from '../../src/ise/access.js';
import type { Need } from '../../src/ise/snapshot/types.js';
import { context, failed, healthy, NOW, ok } from './fixtures.js';

const access = { name: 'prod' } as IseAccess;

test('the catalogue is the 32 readiness items of the design, once each, in report order', (t) => {
  // The ids users type (`check <id>`, `ack <id>`) and scripts read from the JSON: renaming or dropping
  // one breaks them, so the list is spelled out here rather than derived from the code under test.
  t.deepEqual(
    CATALOGUE.map((c) => c.id),
    [
      'node-status',
      'version-parity',
      'latest-patch',
      'upgrade-path',
      'ssm-onprem',
      'disk-space',
      'memory',
      'ntp',
      'services',
      'certificates-expired',
      'certificates-expiring',
      'internal-ca-chain',
      'condition-name-clash',
      'sponsor-group-ascii',
      'mdm-servers-active',
      'pan-failover',
      'scheduled-backups',
      'recent-backup',
      'repository',
      'upgrade-bundle',
      'urt',
      'firewall-ports',
      'upgrade-time',
      'ad-join',
      'profiler-config',
      'certificate-export',
      'load-balancer',
      'vm-resources',
      'stale-policy',
      'mnt-data',
      'staging-test',
      'post-upgrade',
    ],
  );
});

test('one check reads only what it needs: `check ntp` asks for the node list and show ntp', (t) => {
  const ntp = findCheck('ntp') as Check;
  t.deepEqual([...needsOf([ntp])].sort(), ['cli:ntp', 'nodes']);
  t.deepEqual([...needsOf([findCheck('staging-test') as Check])], []);
});

test('the engine collects once, with the union of the needs, then runs every check in order', async (t) => {
  const calls: Array<ReadonlySet<Need>> = [];
  const controller = new AbortController();
  const progress: string[] = [];
  const run = await runEngine({
    access,
    checks: CATALOGUE,
    collect: async (_a, needs, options) => {
      calls.push(needs);
      t.is(options.signal, controller.signal);
      return healthy();
    },
    contextFor: () => context(),
    clock: () => NOW,
    signal: controller.signal,
    progress: (p) => progress.push(p),
  });
  t.is(calls.length, 1);
  t.deepEqual(calls[0], needsOf(CATALOGUE));
  t.true(calls[0]?.has('certificates'));
  t.deepEqual(
    run.findings.map((f) => f.id),
    CATALOGUE.map((c) => c.id),
  );
  t.is(
    Object.values(run.summary).reduce((a, b) => a + b, 0),
    32,
  );
  t.is(run.startedAt, NOW);
  t.is(Object.keys(run.timings.perCheckMs).length, 32);
  t.deepEqual(progress, ['running 32 checks…']);
});

test('a check that throws on odd data becomes an error finding and the others still run', (t) => {
  const broken: Check = {
    id: 'broken',
    title: 'Broken',
    section: 'x',
    kind: 'automated',
    needs: [],
    evaluate: () => {
      throw new TypeError("Cannot read properties of undefined (reading 'x')");
    },
  };
  const { findings } = evaluateAll(healthy(), [broken, findCheck('ntp') as Check], context());
  t.is(findings[0]?.status, 'error');
  t.regex(findings[0]?.summary ?? '', /reading 'x'/);
  t.is(findings[1]?.status, 'pass');
});

test('the target: --target first, then the configured one, then the newest one step away', (t) => {
  const r27 = ok({ version: '2.7.0.356', release: '2.7', patch: 4 });
  t.deepEqual(chooseTarget(RELEASES, r27, '3.0', '3.1'), { target: '3.0', origin: 'flag' });
  t.deepEqual(chooseTarget(RELEASES, r27, undefined, '3.1'), { target: '3.1', origin: 'config' });
  t.deepEqual(chooseTarget(RELEASES, r27, undefined, undefined), { target: '3.2', origin: 'newest' });
  const r24 = ok({ version: '2.4.0.357', release: '2.4', patch: 15 });
  t.is(chooseTarget(RELEASES, r24, undefined, undefined).target, '3.0');
  const r35 = ok({ version: '3.5.0.527', release: '3.5', patch: 1 });
  t.regex(chooseTarget(RELEASES, r35, undefined, undefined).problem ?? '', /No upgrade from ISE 3\.5/);
  t.regex(chooseTarget(RELEASES, failed('timeout'), undefined, undefined).problem ?? '', /timeout/);
});

test('the releases table marks what is not sourced, and 3.0 upgrades from 2.4, 2.6 and 2.7', (t) => {
  t.deepEqual(RELEASES.targets.find((x) => x.release === '3.0')?.from, ['2.4', '2.6', '2.7']);
  t.is(RELEASES.targets.find((x) => x.release === '3.5')?.fromCertainty, 'inferred');
  t.is(RELEASES.releases.find((x) => x.release === '3.5')?.newestPatchCertainty, 'sure');
});

test('changes since the previous run: fixed, new and changed by check id', (t) => {
  const now = evaluateAll(healthy(), CATALOGUE, context()).findings;
  const changes = compareRuns(
    [
      { id: 'ntp', status: 'fail', summary: '' },
      { id: 'memory', status: 'warn', summary: '' },
      { id: 'upgrade-time', status: 'pass', summary: '' },
    ],
    now.map((f) => (f.id === 'memory' ? { ...f, status: 'fail' as const } : f)),
  );
  t.deepEqual(
    changes.fixed.map((c) => c.id),
    ['ntp'],
  );
  t.true(changes.new.some((c) => c.id === 'upgrade-time'));
  t.deepEqual(
    changes.changed.map((c) => `${c.id}:${c.from}>${c.to}`),
    ['memory:warn>fail'],
  );
  t.regex(describeChanges(changes), /^1 fixed, \d+ new, 1 changed$/);
});
